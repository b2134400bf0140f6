// Message -> frame. The encoder applies the same rules as the decoder (validate.ts) and throws
// ProtocolError rather than emit a frame a peer would reject.

import { varUintSize, Writer } from './bytes.ts';
import { ProtocolError } from './errors.ts';
import { type FieldName, itemField, subField } from './field-path.ts';
import {
  MAX_CAPABILITIES,
  MAX_FRAME_BYTES,
  MAX_REQUEST_ID,
  MAX_REQUEST_ITEMS,
  MAX_REQUEST_WITHIN_MS,
  MAX_SEGMENTS_PER_HAVE,
  MAX_SHARD_BYTES,
  MAX_SHARD_INDEX,
  PROTOCOL_VERSION,
} from './limits.ts';
import {
  ABSENT_REASONS,
  BYE_REASONS,
  MESSAGE_TAGS,
  type Message,
  type SegmentRef,
  type SegmentShards,
  type ShardMessage,
} from './messages.ts';
import {
  checkCount,
  checkHoldings,
  checkId,
  checkIndices,
  checkSegmentRef,
  checkTotals,
  checkUint,
  DistinctSegments,
} from './validate.ts';

function writeRef(w: Writer, ref: SegmentRef, field: FieldName): void {
  checkSegmentRef(ref, field);
  w.varUint(ref.rendition);
  w.varUint(ref.sequence);
}

function writeIndices(w: Writer, indices: readonly number[], field: FieldName): void {
  checkIndices(indices, field);
  w.u8(indices.length);
  for (const index of indices) w.u8(index);
}

function writeId(w: Writer, id: string, field: string): void {
  checkId(id, field);
  w.u8(id.length);
  for (let i = 0; i < id.length; i++) w.u8(id.charCodeAt(i));
}

function writeShardLists(
  w: Writer,
  items: readonly SegmentShards[],
  min: number,
  max: number,
  field: string,
  distinct: DistinctSegments,
): void {
  checkCount(items.length, min, max, subField(field, '.length'));
  w.varUint(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const segmentField = itemField(field, i, '.segment');
    writeRef(w, item.segment, segmentField);
    distinct.add(item.segment, segmentField);
    writeIndices(w, item.indices, itemField(field, i, '.indices'));
  }
}

function writeCode(w: Writer, codes: readonly string[], code: string, field: string): void {
  const value = codes.indexOf(code);
  if (value < 0) throw new ProtocolError('bad-field', `${field}: unknown code '${code}'`);
  w.u8(value);
}

function writeBody(w: Writer, msg: Message): void {
  switch (msg.type) {
    case 'hello':
      checkUint(msg.maxVersion, 0xff, 'hello.maxVersion');
      if (msg.maxVersion < PROTOCOL_VERSION) {
        throw new ProtocolError('bad-version', `hello.maxVersion ${msg.maxVersion} < ${PROTOCOL_VERSION}`);
      }
      w.u8(msg.maxVersion);
      writeId(w, msg.swarmId, 'hello.swarmId');
      writeId(w, msg.peerId, 'hello.peerId');
      checkUint(msg.capabilities, MAX_CAPABILITIES, 'hello.capabilities');
      w.varUint(msg.capabilities);
      // 0 on the wire means "not stated".
      if (msg.maxShardSize === undefined) {
        w.varUint(0);
      } else {
        checkUint(msg.maxShardSize, MAX_SHARD_BYTES, 'hello.maxShardSize');
        checkCount(msg.maxShardSize, 1, MAX_SHARD_BYTES, 'hello.maxShardSize');
        w.varUint(msg.maxShardSize);
      }
      return;
    case 'have': {
      checkCount(msg.segments.length, 0, MAX_SEGMENTS_PER_HAVE, 'have.segments.length');
      w.varUint(msg.segments.length);
      const distinct = new DistinctSegments();
      msg.segments.forEach((entry, i) => {
        const field = `have.segments[${i}]`;
        writeRef(w, entry.segment, `${field}.segment`);
        distinct.add(entry.segment, `${field}.segment`);
        checkHoldings(entry.shardCount, entry.bitmap, field);
        w.u8(entry.shardCount);
        w.bytes(entry.bitmap);
      });
      return;
    }
    case 'have-delta': {
      const distinct = new DistinctSegments();
      writeShardLists(w, msg.added, 0, MAX_SEGMENTS_PER_HAVE, 'have-delta.added', distinct);
      checkCount(msg.dropped.length, 0, MAX_SEGMENTS_PER_HAVE, 'have-delta.dropped.length');
      w.varUint(msg.dropped.length);
      msg.dropped.forEach((ref, i) => {
        const refField = itemField('have-delta.dropped', i);
        writeRef(w, ref, refField);
        distinct.add(ref, refField);
      });
      return;
    }
    case 'request':
      checkUint(msg.requestId, MAX_REQUEST_ID, 'request.requestId');
      w.u32(msg.requestId);
      writeShardLists(w, msg.items, 1, MAX_REQUEST_ITEMS, 'request.items', new DistinctSegments());
      // Optional and last: a frame without it is exactly the frame of older peers.
      if (msg.withinMs !== undefined) {
        checkUint(msg.withinMs, MAX_REQUEST_WITHIN_MS, 'request.withinMs');
        checkCount(msg.withinMs, 1, MAX_REQUEST_WITHIN_MS, 'request.withinMs');
        w.varUint(msg.withinMs);
      }
      return;
    case 'shard':
      checkUint(msg.requestId, MAX_REQUEST_ID, 'shard.requestId');
      w.u32(msg.requestId);
      writeRef(w, msg.segment, 'shard.segment');
      checkUint(msg.index, MAX_SHARD_INDEX, 'shard.index');
      w.u8(msg.index);
      checkCount(msg.payload.length, 1, MAX_SHARD_BYTES, 'shard.payload.length');
      w.varUint(msg.payload.length);
      w.bytes(msg.payload);
      return;
    case 'cancel':
      checkUint(msg.requestId, MAX_REQUEST_ID, 'cancel.requestId');
      w.u32(msg.requestId);
      // An empty list on the wire means "the whole request", so `items: []` would not round-trip.
      if (msg.items === undefined) {
        w.varUint(0);
      } else {
        writeShardLists(w, msg.items, 1, MAX_REQUEST_ITEMS, 'cancel.items', new DistinctSegments());
      }
      return;
    case 'absent':
      checkUint(msg.requestId, MAX_REQUEST_ID, 'absent.requestId');
      w.u32(msg.requestId);
      writeRef(w, msg.segment, 'absent.segment');
      writeIndices(w, msg.indices, 'absent.indices');
      writeCode(w, ABSENT_REASONS, msg.reason, 'absent.reason');
      return;
    case 'bye':
      writeCode(w, BYE_REASONS, msg.reason, 'bye.reason');
      return;
    case 'totals':
      checkTotals(msg.deliveredKB, msg.fromPeersKB);
      w.varUint(msg.deliveredKB);
      w.varUint(msg.fromPeersKB);
      return;
    case 'uplink':
      checkUint(msg.bytesPerSecond, 0xffff_ffff, 'uplink.bytesPerSecond');
      w.varUint(msg.bytesPerSecond);
      return;
    default: {
      const unknown: { type?: unknown } = msg;
      throw new ProtocolError('unknown-type', `no message type '${String(unknown.type)}'`);
    }
  }
}

function shardFrameSize(msg: ShardMessage): number {
  const { segment, payload } = msg;
  const refSize = varUintSize(segment.rendition) + varUintSize(segment.sequence);
  return 2 + 4 + refSize + 1 + varUintSize(payload.length) + payload.length;
}

/** Control frames are written here, then copied out at their size: one allocation per frame. */
const scratch = new Writer(256);

/** Encodes one message as a frame: version byte, type tag, body. Throws ProtocolError if invalid. */
export function encodeMessage(msg: Message): Uint8Array {
  // A shard frame is sized exactly up front so its payload is copied once.
  const shard = msg.type === 'shard';
  const w = shard ? new Writer(shardFrameSize(msg)) : scratch.reset();
  if (!Object.hasOwn(MESSAGE_TAGS, msg.type)) {
    throw new ProtocolError('unknown-type', `no message type '${String(msg.type)}'`);
  }
  w.u8(PROTOCOL_VERSION);
  w.u8(MESSAGE_TAGS[msg.type]);
  writeBody(w, msg);
  if (w.length > MAX_FRAME_BYTES) {
    throw new ProtocolError('oversize', `${msg.type} frame of ${w.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  }
  return shard ? w.finish() : w.copy();
}
