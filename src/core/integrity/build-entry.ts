// Hashing one segment for the manifest: the segment, its k data shards and its m parity shards.

import type { CodingParams } from '../coding/params.ts';
import { type HashSpec, hashToString } from './hash.ts';
import type { SegmentEntry } from './types.ts';

/** The part of the erasure coder the packager needs (see src/core/coding). */
export interface ShardSource {
  /** The k data shards, the last zero-padded to shardSize. */
  dataShards(segment: Uint8Array, params: CodingParams): Uint8Array[];
  /** The m parity shards. */
  encode(segment: Uint8Array, params: CodingParams): Uint8Array[];
}

export function buildSegmentEntry(
  uri: string,
  segment: Uint8Array,
  params: CodingParams,
  coder: ShardSource,
  spec: HashSpec,
  byteRange: SegmentEntry['byteRange'] = null,
): SegmentEntry {
  const data = coder.dataShards(segment, params);
  const parity = params.m > 0 ? coder.encode(segment, params) : [];
  const shards = [...data, ...parity].map((shard) => hashToString(spec, shard));
  return { uri, byteRange, length: segment.length, params, hash: hashToString(spec, segment), shards };
}
