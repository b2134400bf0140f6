// Field rules shared by the encoder and the decoder, so a message the decoder accepts always
// re-encodes and a message the encoder accepts always decodes.

import { bitmapByteLength, hasBitsBeyond } from './bitmap.ts';
import { ProtocolError } from './errors.ts';
import type { FieldName } from './field-path.ts';
import {
  MAX_RENDITION,
  MAX_SEQUENCE,
  MAX_SHARD_INDEX,
  MAX_SHARDS_PER_SEGMENT,
  MAX_STRING_BYTES,
} from './limits.ts';
import type { SegmentRef } from './messages.ts';

/** True for an integer in 0..max: the checks below test this first and name the field only on failure. */
function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

export function checkUint(value: number, max: number, field: FieldName): void {
  if (!Number.isInteger(value)) throw new ProtocolError('bad-field', `${field}: ${value} is not an integer`);
  if (value < 0 || value > max) {
    throw new ProtocolError('out-of-range', `${field}: ${value} is outside 0..${max}`);
  }
}

/** A count or length within min..max: below is 'bad-length', above is 'oversize'. */
export function checkCount(count: number, min: number, max: number, field: FieldName): void {
  if (count < min) throw new ProtocolError('bad-length', `${field}: ${count} is below the minimum ${min}`);
  if (count > max) throw new ProtocolError('oversize', `${field}: ${count} exceeds the limit ${max}`);
}

// Refs and indices are checked in nearly every frame, both ways: their fields' names (strings
// built from the path) are made only when a check fails.

export function checkSegmentRef(ref: SegmentRef, field: FieldName): void {
  if (isUint(ref.rendition, MAX_RENDITION) && isUint(ref.sequence, MAX_SEQUENCE)) return;
  checkUint(ref.rendition, MAX_RENDITION, `${field}.rendition`);
  checkUint(ref.sequence, MAX_SEQUENCE, `${field}.sequence`);
}

/** 1..255 shard indices, each 0..254, strictly ascending (so distinct and canonical). */
export function checkIndices(indices: readonly number[], field: FieldName): void {
  if (indices.length < 1 || indices.length > MAX_SHARDS_PER_SEGMENT)
    checkCount(indices.length, 1, MAX_SHARDS_PER_SEGMENT, `${field}.length`);
  let previous = -1;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (!isUint(index, MAX_SHARD_INDEX)) checkUint(index, MAX_SHARD_INDEX, `${field}[${i}]`);
    if (index <= previous) {
      throw new ProtocolError(
        'bad-field',
        `${field}[${i}]: ${index} does not follow ${previous} (must ascend)`,
      );
    }
    previous = index;
  }
}

/** A swarm or peer id: 1..MAX_STRING_BYTES printable ASCII characters (one byte each). */
export function checkId(id: string, field: string): void {
  checkCount(id.length, 1, MAX_STRING_BYTES, `${field}.length`);
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      throw new ProtocolError('bad-field', `${field}: character ${i} (code ${code}) is not printable ASCII`);
    }
  }
}

/** shardCount 1..255, a bitmap of exactly ceil(shardCount / 8) bytes, no bits at or past shardCount. */
export function checkHoldings(shardCount: number, bitmap: Uint8Array, field: string): void {
  checkUint(shardCount, MAX_SHARDS_PER_SEGMENT, `${field}.shardCount`);
  checkCount(shardCount, 1, MAX_SHARDS_PER_SEGMENT, `${field}.shardCount`);
  const bytes = bitmapByteLength(shardCount);
  if (bitmap.length !== bytes) {
    throw new ProtocolError('bad-length', `${field}.bitmap: ${bitmap.length} bytes, expected ${bytes}`);
  }
  if (hasBitsBeyond(bitmap, shardCount)) {
    throw new ProtocolError('bad-field', `${field}.bitmap: bits set at or beyond shardCount ${shardCount}`);
  }
}

/** A `totals` message's figures: u32 kB each, and no more from peers than delivered in all. */
export function checkTotals(deliveredKB: number, fromPeersKB: number): void {
  checkUint(deliveredKB, 0xffff_ffff, 'totals.deliveredKB');
  checkUint(fromPeersKB, 0xffff_ffff, 'totals.fromPeersKB');
  if (fromPeersKB > deliveredKB) {
    throw new ProtocolError(
      'bad-field',
      `totals.fromPeersKB: ${fromPeersKB} exceeds totals.deliveredKB ${deliveredKB}`,
    );
  }
}

/** Rejects a segment named twice where the message allows it once. */
export class DistinctSegments {
  private readonly seen = new Set<number>();

  add(ref: SegmentRef, field: FieldName): void {
    // rendition < 2^16 and sequence < 2^32, so the key stays below 2^48: an exact double.
    const key = ref.rendition * 2 ** 32 + ref.sequence;
    if (this.seen.has(key)) {
      throw new ProtocolError(
        'bad-field',
        `${field}: segment ${ref.rendition}/${ref.sequence} appears twice`,
      );
    }
    this.seen.add(key);
  }
}
