// The systematic Reed-Solomon coder on top of a matrix kernel: parameter and shard checks,
// generator and decode matrices (cached), and cutting / reassembling segments.

import { type CodingArena, createArenaFor } from './arena.ts';
import { generatorFor, recoveryRows } from './coefficients.ts';
import { CodingError } from './errors.ts';
import type { KernelKind, MatrixKernel } from './kernel.ts';
import { type CodingParams, checkSegmentFits, validateParams } from './params.ts';

export interface ShardInput {
  index: number;
  data: Uint8Array;
}

export interface ErasureCoder {
  readonly kind: KernelKind;
  /** The m parity shards of `segment`, each a fresh shardSize-byte array. */
  encode(segment: Uint8Array, p: CodingParams): Uint8Array[];
  /** The k data shards: views into `segment`, except a short or empty tail, copied and zero-padded. */
  dataShards(segment: Uint8Array, p: CodingParams): Uint8Array[];
  /** Rebuilds the `length`-byte segment from any k distinct shards (extra shards are ignored). */
  decode(shards: readonly ShardInput[], p: CodingParams, length: number): Uint8Array;
  /** As encode, into m caller-owned shardSize-byte arrays (reused buffers: no allocation). */
  encodeInto(segment: Uint8Array, p: CodingParams, parity: readonly Uint8Array[]): void;
  /** As decode, into a caller-owned array of exactly `length` bytes. */
  decodeInto(shards: readonly ShardInput[], p: CodingParams, out: Uint8Array): void;
  /**
   * Shards laid out where the kernel works on them (WebAssembly memory for the SIMD kernel):
   * fill the views, then encode or decode in place with no copy in or out. See arena.ts.
   */
  createArena(p: CodingParams): Promise<CodingArena>;
}

export function createCoder(kernel: MatrixKernel): ErasureCoder {
  const coder: ErasureCoder = {
    kind: kernel.kind,
    encode(segment, p) {
      validateParams(p);
      const parity = Array.from({ length: p.m }, () => new Uint8Array(p.shardSize));
      coder.encodeInto(segment, p, parity);
      return parity;
    },
    encodeInto(segment, p, parity) {
      validateParams(p);
      checkSegmentFits(segment.length, p);
      if (parity.length !== p.m || parity.some((shard) => shard.length !== p.shardSize)) {
        throw new CodingError('bad-shard-size', `encodeInto needs ${p.m} arrays of ${p.shardSize} bytes`);
      }
      if (p.m === 0) return;
      const parityRows = generatorFor(p.k, p.m).subarray(p.k * p.k);
      kernel.apply(parityRows, dataViews(segment, p), parity, p.shardSize, `enc:${p.k},${p.m}`);
    },
    dataShards(segment, p) {
      validateParams(p);
      checkSegmentFits(segment.length, p);
      return dataViews(segment, p).map((view) => (view.length === p.shardSize ? view : padded(view, p)));
    },
    decode(shards, p, length) {
      validateParams(p);
      checkSegmentFits(length, p);
      const out = new Uint8Array(length);
      coder.decodeInto(shards, p, out);
      return out;
    },
    decodeInto(shards, p, out) {
      validateParams(p);
      checkSegmentFits(out.length, p);
      const chosen = chooseShards(shards, p);
      const outViews = dataViews(out, p);
      const missing = new Set(Array.from({ length: p.k }, (_, i) => i));
      for (const { index, data } of chosen) {
        if (index >= p.k) continue;
        outViews[index]!.set(data.subarray(0, outViews[index]!.length));
        missing.delete(index);
      }
      if (missing.size === 0) return;
      // Recovered data shards are written straight into the segment, clipped at its end.
      // A data shard wholly past the segment's end is padding: nothing to rebuild.
      const lost = [...missing].filter((i) => outViews[i]!.length > 0);
      const indices = chosen.map((s) => s.index);
      const key = `dec:${p.k},${p.m}:${indices.join(',')}:${lost.join(',')}`;
      const coeffs = recoveryRows(p, indices, lost, key);
      const inputs = chosen.map((s) => s.data);
      kernel.apply(
        coeffs,
        inputs,
        lost.map((i) => outViews[i]!),
        p.shardSize,
        key,
      );
    },
    createArena(p) {
      return createArenaFor(kernel, p);
    },
  };
  return coder;
}

/** Data shard i as a view of [i*s, (i+1)*s) clipped to the segment (possibly short or empty). */
function dataViews(segment: Uint8Array, p: CodingParams): Uint8Array[] {
  const views: Uint8Array[] = [];
  for (let i = 0; i < p.k; i++) {
    const start = Math.min(i * p.shardSize, segment.length);
    views.push(segment.subarray(start, Math.min(start + p.shardSize, segment.length)));
  }
  return views;
}

function padded(view: Uint8Array, p: CodingParams): Uint8Array {
  const out = new Uint8Array(p.shardSize);
  out.set(view);
  return out;
}

/** Validates every shard, then keeps k of them, data shards first (less work to decode). */
function chooseShards(shards: readonly ShardInput[], p: CodingParams): ShardInput[] {
  const seen = new Set<number>();
  for (const shard of shards) {
    const { index, data } = shard;
    if (!Number.isInteger(index) || index < 0 || index >= p.k + p.m) {
      throw new CodingError('index-out-of-range', `shard index ${index} is outside [0, ${p.k + p.m})`);
    }
    if (seen.has(index)) throw new CodingError('duplicate-index', `shard ${index} was given twice`);
    seen.add(index);
    if (!(data instanceof Uint8Array) || data.length !== p.shardSize) {
      throw new CodingError(
        'bad-shard-size',
        `shard ${index} has ${data?.length} bytes, expected ${p.shardSize}`,
      );
    }
  }
  if (shards.length < p.k) {
    throw new CodingError('too-few-shards', `${shards.length} shards given, ${p.k} needed`);
  }
  return [...shards].sort((a, b) => a.index - b.index).slice(0, p.k);
}
