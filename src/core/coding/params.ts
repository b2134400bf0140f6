// How a segment is cut into shards. Data shard i is bytes [i*shardSize, (i+1)*shardSize)
// of the segment (the last one zero-padded), so the origin can serve it as a byte range.

import { CodingError } from './errors.ts';

export interface CodingParams {
  /** Data shards: any k of the k+m shards rebuild the segment. */
  k: number;
  /** Parity shards. */
  m: number;
  /** Bytes per shard; k * shardSize >= segment length. */
  shardSize: number;
}

export interface ChooseParamsOptions {
  /** Fixed number of data shards (default: chosen from the length). */
  k?: number;
  /** Fixed number of parity shards (default: ceil(k / 2), i.e. survive losing a third). */
  m?: number;
  /** Smallest shard worth a data-channel request, in bytes (default 8 KiB). */
  minShardSize?: number;
  /** Most shards (k + m) a segment is cut into when k is not fixed (default 48). */
  maxShards?: number;
}

/** GF(2^8) Vandermonde points 0..k+m-1 must be distinct field elements. */
export const MAX_TOTAL_SHARDS = 255;
/** Far above any media segment; keeps buffers and WASM memory sane. */
export const MAX_SEGMENT_LENGTH = 256 * 1024 * 1024;

// Small shards: a viewer whose upload is a fraction of the bitrate can still contribute whole
// shards before the deadline, and a segment spreads over more peers (docs/coding.md).
export const DEFAULT_MIN_SHARD_SIZE = 8 * 1024;
export const DEFAULT_MAX_SHARDS = 48;

/**
 * Picks k, m and shardSize for a segment of `length` bytes.
 * k is the largest power of two that keeps shards >= minShardSize (few, large data-channel
 * messages) while k + m stays within maxShards (enough shards to spread over several peers,
 * not so many that bookkeeping dominates). ~150 KB gives 16+8; 2 MiB gives 32+16.
 */
export function chooseParams(length: number, options: ChooseParamsOptions = {}): CodingParams {
  checkLength(length);
  const minShardSize = options.minShardSize ?? DEFAULT_MIN_SHARD_SIZE;
  const maxShards = options.maxShards ?? DEFAULT_MAX_SHARDS;
  if (!isCount(minShardSize, 1)) throw new CodingError('bad-params', `minShardSize ${minShardSize}`);
  if (!isCount(maxShards, 2) || maxShards > MAX_TOTAL_SHARDS) {
    throw new CodingError('bad-params', `maxShards ${maxShards} must be in [2, ${MAX_TOTAL_SHARDS}]`);
  }
  const k = options.k ?? autoDataShards(length, minShardSize, maxShards, options.m);
  const m = options.m ?? Math.ceil(k / 2);
  const params = { k, m, shardSize: Math.ceil(length / k) };
  validateParams(params);
  return params;
}

function autoDataShards(length: number, minShardSize: number, maxShards: number, fixedM?: number): number {
  const fits = (k: number) => k + (fixedM ?? Math.ceil(k / 2)) <= maxShards;
  // With tiny shards, rounding could leave the last data shard empty: never choose that.
  const lastShardUsed = (k: number) => (k - 1) * Math.ceil(length / k) < length;
  let k = 1;
  while (k * 2 * minShardSize <= length && fits(k * 2) && lastShardUsed(k * 2)) k *= 2;
  return k;
}

/** Throws `bad-params` unless k, m, shardSize describe a code we can run. */
export function validateParams(p: CodingParams): void {
  if (!isCount(p.k, 1)) throw new CodingError('bad-params', `k = ${p.k} must be an integer >= 1`);
  if (!isCount(p.m, 0)) throw new CodingError('bad-params', `m = ${p.m} must be an integer >= 0`);
  if (p.k + p.m > MAX_TOTAL_SHARDS) {
    throw new CodingError('bad-params', `k + m = ${p.k + p.m} exceeds ${MAX_TOTAL_SHARDS}`);
  }
  if (!isCount(p.shardSize, 1)) {
    throw new CodingError('bad-params', `shardSize = ${p.shardSize} must be an integer >= 1`);
  }
}

/** Throws unless a segment of `length` bytes fits these params. */
export function checkSegmentFits(length: number, p: CodingParams): void {
  checkLength(length);
  if (length > p.k * p.shardSize) {
    throw new CodingError(
      'segment-too-large',
      `${length} bytes do not fit in k=${p.k} shards of ${p.shardSize} bytes`,
    );
  }
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0) throw new CodingError('bad-params', `length ${length}`);
  if (length === 0) throw new CodingError('empty-segment', 'a segment must have at least one byte');
  if (length > MAX_SEGMENT_LENGTH) {
    throw new CodingError('segment-too-large', `${length} bytes exceed ${MAX_SEGMENT_LENGTH}`);
  }
}

function isCount(n: number, min: number): boolean {
  return Number.isInteger(n) && n >= min;
}
