// Every kernel shape (vectors per iteration, rows per pass, plain or relaxed swizzle) must give
// the same bytes as the portable kernel. Relaxed SIMD is behind a flag in Node 20: turn it on.

import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCoder } from '../coder.ts';
import { createTsKernel } from '../ts-kernel.ts';
import { emitKernelModule } from './kernel-module.ts';
import { createSimdKernel, relaxedSimdSupported, simdSupported } from './simd-kernel.ts';

if (!relaxedSimdSupported()) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

describe('WASM SIMD kernel shapes', () => {
  it('is detected and the emitted module validates', () => {
    expect(simdSupported()).toBe(true);
    const bytes = emitKernelModule({
      vectors: 4,
      rows: 8,
      relaxed: false,
      block: { from: 3, vectors: 16, rows: 4 },
    });
    expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
  });

  it('matches the TypeScript kernel for every shape', async () => {
    const reference = createCoder(createTsKernel());
    const shapes = [];
    for (const relaxed of relaxedSimdSupported() ? [false, true] : [false]) {
      for (const vectors of [1, 2, 4])
        for (const rows of [1, 3, 4, 8]) shapes.push({ vectors, rows, relaxed, block: null });
      // Blocked family for k >= 5 (mulR below), blocks of 2 and 16 vectors, 1 to 4 rows per pass.
      for (const [vectors, rows] of [
        [2, 1],
        [2, 3],
        [16, 4],
      ] as const)
        shapes.push({ vectors: 4, rows: 2, relaxed, block: { from: 5, vectors, rows } });
    }
    expect(shapes.length).toBeGreaterThan(15); // relaxed shapes really ran
    for (const shape of shapes) {
      const coder = createCoder(await createSimdKernel(shape));
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 19 }),
          fc.uint8Array({ minLength: 1, maxLength: 3000 }),
          (k, m, segment) => {
            const p = { k, m, shardSize: Math.ceil(segment.length / k) };
            const parity = coder.encode(segment, p);
            expect(parity).toEqual(reference.encode(segment, p));
            const shards = [...coder.dataShards(segment, p), ...parity].map((data, index) => ({
              index,
              data,
            }));
            const survivors = shards.slice(Math.min(m, k));
            expect(coder.decode(survivors, p, segment.length)).toEqual(segment);
          },
        ),
        { numRuns: 15 },
      );
    }
  });
});
