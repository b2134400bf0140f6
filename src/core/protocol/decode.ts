// Frame -> Message. Strict and bounded: every count is checked against its limit and against
// the bytes left before anything is read for it, and every field against the rules in
// validate.ts, so only canonical frames decode and decode(frame) re-encodes to the same bytes.

import { Reader } from './bytes.ts';
import { ProtocolError } from './errors.ts';
import { type FieldName, itemField, subField } from './field-path.ts';
import {
  MAX_CAPABILITIES,
  MAX_FRAME_BYTES,
  MAX_REQUEST_ITEMS,
  MAX_REQUEST_WITHIN_MS,
  MAX_SEGMENTS_PER_HAVE,
  MAX_SHARD_BYTES,
  MAX_SHARD_INDEX,
  MAX_SHARDS_PER_SEGMENT,
  MAX_STRING_BYTES,
  PROTOCOL_VERSION,
} from './limits.ts';
import {
  ABSENT_REASONS,
  BYE_REASONS,
  MESSAGE_TAGS,
  type Message,
  type MessageType,
  type SegmentHoldings,
  type SegmentRef,
  type SegmentShards,
} from './messages.ts';
import {
  checkCount,
  checkHoldings,
  checkId,
  checkIndices,
  checkSegmentRef,
  checkTotals,
  DistinctSegments,
} from './validate.ts';

const U32 = 0xffff_ffff;
/** Smallest encodings, used to reject counts the remaining bytes cannot hold. */
const MIN_REF_BYTES = 2;
const MIN_LIST_BYTES = MIN_REF_BYTES + 2;
const MIN_HOLDINGS_BYTES = MIN_REF_BYTES + 2;

const TYPE_BY_TAG: ReadonlyMap<number, MessageType> = new Map(
  (Object.entries(MESSAGE_TAGS) as [MessageType, number][]).map(([type, tag]) => [tag, type]),
);

/** Reads a list count, rejecting it before any entry is read if it breaks a limit or cannot fit. */
function readCount(r: Reader, min: number, max: number, minEntryBytes: number, field: FieldName): number {
  const count = r.varUint(field, U32);
  checkCount(count, min, max, field);
  r.need(count * minEntryBytes, field);
  return count;
}

function readRef(r: Reader, field: FieldName): SegmentRef {
  const rendition = r.varUint(subField(field, '.rendition'), U32);
  const sequence = r.varUint(subField(field, '.sequence'), U32);
  const ref = { rendition, sequence };
  checkSegmentRef(ref, field);
  return ref;
}

function readIndices(r: Reader, field: FieldName): number[] {
  const length = subField(field, '.length');
  const count = r.u8(length);
  checkCount(count, 1, MAX_SHARDS_PER_SEGMENT, length);
  const indices = r.u8s(count, field);
  checkIndices(indices, field);
  return indices;
}

function readId(r: Reader, field: string): string {
  const length = r.u8(`${field}.length`);
  checkCount(length, 1, MAX_STRING_BYTES, `${field}.length`);
  const id = String.fromCharCode(...r.view(length, field));
  checkId(id, field);
  return id;
}

function readShardLists(
  r: Reader,
  count: number,
  field: string,
  distinct: DistinctSegments,
): SegmentShards[] {
  const items: SegmentShards[] = [];
  for (let i = 0; i < count; i++) {
    const segmentField = itemField(field, i, '.segment');
    const segment = readRef(r, segmentField);
    distinct.add(segment, segmentField);
    items.push({ segment, indices: readIndices(r, itemField(field, i, '.indices')) });
  }
  return items;
}

function readCode<T extends string>(r: Reader, codes: readonly T[], field: string): T {
  const value = r.u8(field);
  const code = codes[value];
  if (code === undefined) throw new ProtocolError('bad-field', `${field}: unknown code ${value}`);
  return code;
}

function readBody(r: Reader, type: MessageType): Message {
  switch (type) {
    case 'hello': {
      const maxVersion = r.u8('hello.maxVersion');
      if (maxVersion < PROTOCOL_VERSION) {
        throw new ProtocolError('bad-version', `hello.maxVersion ${maxVersion} < ${PROTOCOL_VERSION}`);
      }
      const swarmId = readId(r, 'hello.swarmId');
      const peerId = readId(r, 'hello.peerId');
      const capabilities = r.varUint('hello.capabilities', MAX_CAPABILITIES);
      const maxShardSize = r.varUint('hello.maxShardSize', MAX_SHARD_BYTES);
      const hello = { type, maxVersion, swarmId, peerId, capabilities } as const;
      return maxShardSize === 0 ? hello : { ...hello, maxShardSize };
    }
    case 'have': {
      const count = readCount(r, 0, MAX_SEGMENTS_PER_HAVE, MIN_HOLDINGS_BYTES, 'have.segments.length');
      const distinct = new DistinctSegments();
      const segments: SegmentHoldings[] = [];
      for (let i = 0; i < count; i++) {
        const field = `have.segments[${i}]`;
        const segment = readRef(r, `${field}.segment`);
        distinct.add(segment, `${field}.segment`);
        const shardCount = r.u8(`${field}.shardCount`);
        checkCount(shardCount, 1, MAX_SHARDS_PER_SEGMENT, `${field}.shardCount`);
        // Copied: the swarm keeps and updates holdings long after the frame is gone.
        const bitmap = r.view((shardCount + 7) >>> 3, `${field}.bitmap`).slice();
        checkHoldings(shardCount, bitmap, field);
        segments.push({ segment, shardCount, bitmap });
      }
      return { type, segments };
    }
    case 'have-delta': {
      const distinct = new DistinctSegments();
      const addedCount = readCount(r, 0, MAX_SEGMENTS_PER_HAVE, MIN_LIST_BYTES, 'have-delta.added.length');
      const added = readShardLists(r, addedCount, 'have-delta.added', distinct);
      const count = readCount(r, 0, MAX_SEGMENTS_PER_HAVE, MIN_REF_BYTES, 'have-delta.dropped.length');
      const dropped: SegmentRef[] = [];
      for (let i = 0; i < count; i++) {
        const refField = itemField('have-delta.dropped', i);
        const ref = readRef(r, refField);
        distinct.add(ref, refField);
        dropped.push(ref);
      }
      return { type, added, dropped };
    }
    case 'request': {
      const requestId = r.u32('request.requestId');
      const count = readCount(r, 1, MAX_REQUEST_ITEMS, MIN_LIST_BYTES, 'request.items.length');
      const items = readShardLists(r, count, 'request.items', new DistinctSegments());
      if (r.remaining === 0) return { type, requestId, items };
      const withinMs = r.varUint('request.withinMs', MAX_REQUEST_WITHIN_MS);
      checkCount(withinMs, 1, MAX_REQUEST_WITHIN_MS, 'request.withinMs');
      return { type, requestId, items, withinMs };
    }
    case 'shard': {
      const requestId = r.u32('shard.requestId');
      const segment = readRef(r, 'shard.segment');
      const index = r.u8('shard.index');
      if (index > MAX_SHARD_INDEX) {
        throw new ProtocolError('out-of-range', `shard.index: ${index} exceeds ${MAX_SHARD_INDEX}`);
      }
      const length = r.varUint('shard.payload.length', U32);
      checkCount(length, 1, MAX_SHARD_BYTES, 'shard.payload.length');
      // A view, not a copy: see ShardMessage.payload.
      const payload = r.view(length, 'shard.payload');
      return { type, requestId, segment, index, payload };
    }
    case 'cancel': {
      const requestId = r.u32('cancel.requestId');
      // A count of 0 means "cancel the whole request".
      const count = readCount(r, 0, MAX_REQUEST_ITEMS, MIN_LIST_BYTES, 'cancel.items.length');
      if (count === 0) return { type, requestId };
      return { type, requestId, items: readShardLists(r, count, 'cancel.items', new DistinctSegments()) };
    }
    case 'absent': {
      const requestId = r.u32('absent.requestId');
      const segment = readRef(r, 'absent.segment');
      const indices = readIndices(r, 'absent.indices');
      const reason = readCode(r, ABSENT_REASONS, 'absent.reason');
      return { type, requestId, segment, indices, reason };
    }
    case 'bye':
      return { type, reason: readCode(r, BYE_REASONS, 'bye.reason') };
    case 'totals': {
      const deliveredKB = r.varUint('totals.deliveredKB', U32);
      const fromPeersKB = r.varUint('totals.fromPeersKB', U32);
      checkTotals(deliveredKB, fromPeersKB);
      return { type, deliveredKB, fromPeersKB };
    }
    case 'uplink':
      return { type, bytesPerSecond: r.varUint('uplink.bytesPerSecond', U32) };
  }
}

/**
 * Decodes one frame. Throws ProtocolError (and nothing else) on any frame that is not exactly
 * one valid, canonical message. A `shard` payload is a view into `frame`, not a copy.
 */
export function decodeMessage(frame: Uint8Array): Message {
  if (frame.length > MAX_FRAME_BYTES) {
    throw new ProtocolError('oversize', `frame of ${frame.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  }
  const r = new Reader(frame);
  const version = r.u8('version');
  if (version !== PROTOCOL_VERSION) {
    throw new ProtocolError('bad-version', `frame version ${version}, this peer speaks ${PROTOCOL_VERSION}`);
  }
  const tag = r.u8('type');
  const type = TYPE_BY_TAG.get(tag);
  if (type === undefined) throw new ProtocolError('unknown-type', `no message has tag ${tag}`);
  const msg = readBody(r, type);
  r.end(type);
  return msg;
}
