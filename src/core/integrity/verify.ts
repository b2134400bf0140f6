// Checking received bytes against the manifest. Shards are hashed at full shardSize: the last
// data shard includes its zero padding, so a client that fetched it by HTTP Range pads it first.

import { type HashSpec, hashToString } from './hash.ts';
import type { Manifest, SegmentEntry } from './types.ts';

export function hashShard(spec: HashSpec, shard: Uint8Array): string {
  return hashToString(spec, shard);
}

/** True when `bytes` is shard `index` (0..k-1 data, k..k+m-1 parity) of `entry`. */
export function verifyShard(spec: HashSpec, entry: SegmentEntry, index: number, bytes: Uint8Array): boolean {
  const expected = entry.shards[index];
  if (expected === undefined || !Number.isInteger(index)) return false;
  if (bytes.length !== entry.params.shardSize) return false;
  return hashShard(spec, bytes) === expected;
}

/** True when `bytes` is exactly the segment of `entry`. */
export function verifySegment(spec: HashSpec, entry: SegmentEntry, bytes: Uint8Array): boolean {
  return bytes.length === entry.length && hashToString(spec, bytes) === entry.hash;
}

/** Verification bound to one manifest's hash spec, for callers that hold only entries. */
export interface Verifier {
  verifyShard(entry: SegmentEntry, index: number, bytes: Uint8Array): boolean;
  verifySegment(entry: SegmentEntry, bytes: Uint8Array): boolean;
}

export function createVerifier(manifest: Pick<Manifest, 'hash'>): Verifier {
  const spec = manifest.hash;
  return {
    verifyShard: (entry, index, bytes) => verifyShard(spec, entry, index, bytes),
    verifySegment: (entry, bytes) => verifySegment(spec, entry, bytes),
  };
}

/**
 * Pads a data shard fetched by HTTP Range (the last one is short) to shardSize, as it was hashed.
 * Returns null when the bytes cannot be that shard.
 */
export function padDataShard(entry: SegmentEntry, index: number, bytes: Uint8Array): Uint8Array | null {
  const { k, shardSize } = entry.params;
  if (!Number.isInteger(index) || index < 0 || index >= k) return null;
  const expectedLength = Math.min(shardSize, entry.length - index * shardSize);
  if (bytes.length !== expectedLength) return null;
  if (bytes.length === shardSize) return bytes;
  const padded = new Uint8Array(shardSize);
  padded.set(bytes);
  return padded;
}
