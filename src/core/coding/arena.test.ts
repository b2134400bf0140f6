// The in-place arena must give the bytes of the copying coder (and so of the reference kernel)
// for every kernel shape, ragged shard sizes (the overlapping last pass) and tiny shards.

import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCoder, type ErasureCoder } from './coder.ts';
import { CodingError } from './errors.ts';
import { createTsKernel } from './ts-kernel.ts';
import { createSimdKernel, relaxedSimdSupported } from './wasm/simd-kernel.ts';

if (!relaxedSimdSupported()) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

const reference = createCoder(createTsKernel());

async function coders(): Promise<ErasureCoder[]> {
  const out = [reference];
  for (const relaxed of [false, true])
    for (const vectors of [1, 2, 4])
      out.push(createCoder(await createSimdKernel({ vectors, rows: 3, relaxed })));
  return out;
}

const caseArb = fc.record({
  k: fc.integer({ min: 1, max: 10 }),
  m: fc.integer({ min: 0, max: 7 }),
  shardSize: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 64, max: 1500 })),
  fill: fc.integer({ min: 1, max: 100 }),
  seed: fc.integer(),
  lostSeed: fc.integer(),
});

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('CodingArena', () => {
  it('encodes and decodes in place exactly as the copying coder does', async () => {
    for (const coder of await coders()) {
      await fc.assert(
        fc.asyncProperty(caseArb, async ({ k, m, shardSize, fill, seed, lostSeed }) => {
          const p = { k, m, shardSize };
          const length = Math.max(1, Math.ceil((k * shardSize * fill) / 100));
          const segment = bytes(length, seed);
          const arena = await coder.createArena(p);
          arena.segment.fill(0xee); // stale bytes past `length` must not leak into parity
          arena.segment.set(segment);
          arena.encode(length);
          const parity = reference.encode(segment, p);
          for (let r = 0; r < m; r++) expect(arena.shard(k + r)).toEqual(parity[r]);
          // Lose up to m shards (any of them), scribble over the lost data shards, rebuild.
          const order = Array.from({ length: k + m }, (_, i) => i).sort(
            (a, b) => ((a * 7919 + lostSeed) % 97) - ((b * 7919 + lostSeed) % 97),
          );
          const lost = new Set(order.slice(0, Math.abs(lostSeed) % (m + 1)));
          for (const i of lost) if (i < k) arena.shard(i).fill(0x5a);
          arena.decode(order.filter((i) => !lost.has(i)));
          expect(arena.segment.subarray(0, length)).toEqual(segment);
        }),
        { numRuns: 25 },
      );
    }
  });

  it('keeps its views valid while other arenas and copying calls grow memory', async () => {
    const coder = createCoder(await createSimdKernel());
    const p = { k: 4, m: 2, shardSize: 1000 };
    const arena = await coder.createArena(p);
    const view = arena.shards;
    await coder.createArena({ k: 8, m: 4, shardSize: 300_000 });
    coder.encode(bytes(3_000_000, 3), { k: 8, m: 4, shardSize: 375_000 });
    expect(view.length).toBe(6000);
    arena.segment.set(bytes(4000, 9));
    arena.encode();
    expect([arena.shard(4), arena.shard(5)]).toEqual(reference.encode(bytes(4000, 9), p));
  });

  it('rejects bad shard sets with typed errors', async () => {
    const arena = await reference.createArena({ k: 3, m: 2, shardSize: 10 });
    const kindOf = (f: () => void) => {
      try {
        f();
      } catch (error) {
        return error instanceof CodingError ? error.kind : 'other';
      }
      return 'none';
    };
    expect(kindOf(() => arena.decode([0, 1]))).toBe('too-few-shards');
    expect(kindOf(() => arena.decode([0, 1, 1]))).toBe('duplicate-index');
    expect(kindOf(() => arena.decode([0, 1, 5]))).toBe('index-out-of-range');
    expect(kindOf(() => arena.shard(-1))).toBe('index-out-of-range');
    expect(kindOf(() => arena.encode(31))).toBe('segment-too-large');
  });
});
