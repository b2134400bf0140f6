// In-place coding: the k + m shards of one segment live back to back in memory the kernel works
// on directly (WebAssembly memory for the SIMD kernel), so encode and decode copy nothing in or
// out — the contract native coders give Node Buffers. Fill `segment` (or the shards received),
// call encode / decode, read the views. Reuse one arena per (k, m, shardSize) across segments.

import { generatorFor, recoveryRows } from './coefficients.ts';
import { CodingError } from './errors.ts';
import type { MatrixKernel } from './kernel.ts';
import { type CodingParams, checkSegmentFits, validateParams } from './params.ts';

export interface CodingArena {
  readonly params: CodingParams;
  /** All k + m shards back to back: shard i is [i*shardSize, (i+1)*shardSize). */
  readonly shards: Uint8Array;
  /** The first k shards: the segment, zero-padded to k*shardSize bytes. */
  readonly segment: Uint8Array;
  /** A view of shard `index` (data shards first, then parity). */
  shard(index: number): Uint8Array;
  /**
   * Computes the m parity shards from the data shards. The segment's first `length` bytes are
   * the data (default: all of `segment`); the rest is zeroed first, as the padding must be.
   */
  encode(length?: number): void;
  /**
   * Rebuilds, in place, every data shard whose index is not in `present`, from k of the shards
   * that are (data shards first). Parity shards are not rebuilt.
   */
  decode(present: readonly number[]): void;
}

export async function createArenaFor(kernel: MatrixKernel, p: CodingParams): Promise<CodingArena> {
  validateParams(p);
  const { k, m, shardSize: s } = p;
  checkSegmentFits(1, p);
  const region = await kernel.createArena((k + m) * s, k, Math.max(m, 1));
  const shards = region.bytes;
  const segment = shards.subarray(0, k * s);
  const parityRows = generatorFor(k, m).subarray(k * k);
  const encodeKey = `enc:${k},${m}`;
  const dataAt = Array.from({ length: k }, (_, j) => j * s);
  const parityAt = Array.from({ length: m }, (_, r) => (k + r) * s);

  return {
    params: { k, m, shardSize: s },
    shards,
    segment,
    shard(index) {
      checkIndex(index, p);
      return shards.subarray(index * s, (index + 1) * s);
    },
    encode(length = k * s) {
      checkSegmentFits(length, p);
      segment.fill(0, length);
      if (m > 0) region.apply(parityRows, dataAt, parityAt, s, encodeKey);
    },
    decode(present) {
      const chosen = choose(present, p);
      const have = new Set(chosen);
      const lost = dataAt.map((_, i) => i).filter((i) => !have.has(i));
      if (lost.length === 0) return;
      const key = `dec:${k},${m}:${chosen.join(',')}:${lost.join(',')}`;
      const coeffs = recoveryRows(p, chosen, lost, key);
      region.apply(
        coeffs,
        chosen.map((i) => i * s),
        lost.map((i) => i * s),
        s,
        key,
      );
    },
  };
}

function checkIndex(index: number, p: CodingParams): void {
  if (!Number.isInteger(index) || index < 0 || index >= p.k + p.m) {
    throw new CodingError('index-out-of-range', `shard index ${index} is outside [0, ${p.k + p.m})`);
  }
}

/** Validates the present indices and keeps the k lowest (data shards are cheapest to use). */
function choose(present: readonly number[], p: CodingParams): number[] {
  const seen = new Set<number>();
  for (const index of present) {
    checkIndex(index, p);
    if (seen.has(index)) throw new CodingError('duplicate-index', `shard ${index} was given twice`);
    seen.add(index);
  }
  if (seen.size < p.k) throw new CodingError('too-few-shards', `${seen.size} shards present, ${p.k} needed`);
  return [...seen].sort((a, b) => a - b).slice(0, p.k);
}
