// Coefficient matrices shared by the copying coder and the in-place arena, cached because
// inverting a k×k matrix costs more than coding a small segment.

import { LruCache } from './lru.ts';
import { invert, selectRows, systematicGenerator } from './matrix.ts';
import type { CodingParams } from './params.ts';

const generators = new LruCache<Uint8Array>(32);
const decodeMatrices = new LruCache<Uint8Array>(256);

/** (k+m)×k generator, identity on top. */
export function generatorFor(k: number, m: number): Uint8Array {
  return generators.getOrCreate(`${k},${m}`, () => systematicGenerator(k, m));
}

/**
 * Rows of the inverse of the generator rows `indices` (k distinct shards) that yield the data
 * shards `missing`; `key` names the pair for the cache.
 */
export function recoveryRows(
  p: CodingParams,
  indices: readonly number[],
  missing: readonly number[],
  key: string,
): Uint8Array {
  return decodeMatrices.getOrCreate(key, () => {
    const inverse = invert(selectRows(generatorFor(p.k, p.m), p.k, indices), p.k);
    // Unreachable: any k rows of an MDS generator are independent.
    if (inverse === null) throw new Error(`singular decode matrix for shards ${indices.join(',')}`);
    return selectRows(inverse, p.k, missing);
  });
}
