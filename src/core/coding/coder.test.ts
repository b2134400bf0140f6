import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CodingParams, createErasureCoder, type ErasureCoder } from './index.ts';

let wasm: ErasureCoder;
let ts: ErasureCoder;
beforeAll(async () => {
  wasm = await createErasureCoder({ prefer: 'wasm' });
  ts = await createErasureCoder({ prefer: 'ts' });
});

/** A segment with random length and parameters that fit it (shardSize may exceed the minimum). */
const caseArb = fc
  .record({
    k: fc.integer({ min: 1, max: 6 }),
    m: fc.integer({ min: 0, max: 4 }),
    length: fc.integer({ min: 1, max: 700 }),
    slack: fc.integer({ min: 0, max: 40 }),
    seed: fc.integer(),
  })
  .map(({ k, m, length, slack, seed }) => {
    const params: CodingParams = { k, m, shardSize: Math.ceil(length / k) + slack };
    const segment = new Uint8Array(length);
    let x = seed | 1;
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      segment[i] = x & 0xff;
    }
    return { params, segment };
  });

function allShards(coder: ErasureCoder, segment: Uint8Array, p: CodingParams) {
  const data = coder.dataShards(segment, p);
  const parity = coder.encode(segment, p);
  return [...data, ...parity].map((d, index) => ({ index, data: d }));
}

/** Every k-subset of [0, n) as arrays of indices. */
function* subsets(n: number, k: number, start = 0, picked: number[] = []): Generator<number[]> {
  if (picked.length === k) {
    yield [...picked];
    return;
  }
  for (let i = start; i < n; i++) yield* subsets(n, k, i + 1, [...picked, i]);
}

describe('erasure coder', () => {
  it('picks the WASM SIMD kernel in Node', () => {
    expect(wasm.kind).toBe('wasm-simd');
    expect(ts.kind).toBe('ts');
  });

  it('cuts data shards as byte ranges of the segment, the last zero-padded', () => {
    const segment = Uint8Array.from({ length: 10 }, (_, i) => i + 1);
    const shards = wasm.dataShards(segment, { k: 3, m: 1, shardSize: 4 });
    expect(shards.map((s) => Array.from(s))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 0, 0],
    ]);
  });

  it('encodes the hand-computed 2+1 vector (parity = 3·d0 + 2·d1)', () => {
    for (const coder of [wasm, ts]) {
      const [parity] = coder.encode(new Uint8Array([1, 0x80, 1, 0]), { k: 2, m: 1, shardSize: 2 });
      // 3·1 + 2·1 = 1; 3·0x80 + 2·0 = 0x80·2 + 0x80 = 0x1d + 0x80 = 0x9d
      expect(Array.from(parity!)).toEqual([1, 0x9d]);
    }
  });

  it('gives byte-identical parity from both kernels on random inputs', () => {
    fc.assert(
      fc.property(caseArb, ({ params, segment }) => {
        const a = wasm.encode(segment, params);
        const b = ts.encode(segment, params);
        expect(a).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('gives identical parity on a large segment with many parity rows (several kernel passes)', () => {
    const segment = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 2654435761) >>> 24);
    const params = { k: 13, m: 11, shardSize: Math.ceil(300_001 / 13) };
    expect(wasm.encode(segment, params)).toEqual(ts.encode(segment, params));
  });

  it('rebuilds the segment from every k-subset of shards (small k, m)', () => {
    fc.assert(
      fc.property(caseArb, ({ params, segment }) => {
        const shards = allShards(wasm, segment, params);
        for (const pick of subsets(params.k + params.m, params.k)) {
          const chosen = pick.map((i) => shards[i]!);
          expect(wasm.decode(chosen, params, segment.length)).toEqual(segment);
          expect(ts.decode(chosen, params, segment.length)).toEqual(segment);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('survives every erasure pattern of up to m shards, shards given in any order', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), ({ params, segment }, seed) => {
        const shards = allShards(ts, segment, params);
        const n = params.k + params.m;
        for (let lost = 0; lost <= params.m; lost++) {
          for (const gone of subsets(n, lost)) {
            const kept = shards.filter((s) => !gone.includes(s.index));
            const rotated = [...kept.slice(seed % kept.length), ...kept.slice(0, seed % kept.length)];
            expect(wasm.decode(rotated, params, segment.length)).toEqual(segment);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('handles a 1-byte segment and lengths that are not multiples of k', () => {
    for (const length of [1, 2, 7, 33, 1000]) {
      const segment = Uint8Array.from({ length }, (_, i) => 255 - (i % 251));
      const params = { k: 4, m: 3, shardSize: Math.ceil(length / 4) };
      const shards = allShards(wasm, segment, params);
      // Lose the first m shards (data shards, when k > m).
      const kept = shards.slice(params.m);
      expect(wasm.decode(kept, params, length)).toEqual(segment);
      expect(ts.decode(kept, params, length)).toEqual(segment);
    }
  });

  it('encodes with many data shards at a 1-byte shard size (rows of pure padding)', () => {
    const segment = new Uint8Array([7, 8, 9]);
    const params = { k: 9, m: 5, shardSize: 1 };
    const shards = allShards(wasm, segment, params);
    expect(wasm.encode(segment, params)).toEqual(ts.encode(segment, params));
    expect(wasm.decode(shards.slice(5), params, 3)).toEqual(segment);
  });

  it('does not modify its inputs', () => {
    const segment = Uint8Array.from({ length: 999 }, (_, i) => i & 0xff);
    const copy = segment.slice();
    const params = { k: 5, m: 3, shardSize: 200 };
    const shards = allShards(wasm, segment, params);
    const before = shards.map((s) => s.data.slice());
    wasm.decode(shards.slice(3), params, 999);
    expect(segment).toEqual(copy);
    expect(shards.map((s) => s.data)).toEqual(before);
  });

  it('encodeInto and decodeInto reuse caller buffers and match encode and decode', () => {
    fc.assert(
      fc.property(caseArb, ({ params, segment }) => {
        const parity = Array.from({ length: params.m }, () => new Uint8Array(params.shardSize).fill(0xaa));
        wasm.encodeInto(segment, params, parity);
        expect(parity).toEqual(ts.encode(segment, params));
        const shards = allShards(ts, segment, params).slice(params.m);
        const out = new Uint8Array(segment.length).fill(0x55);
        ts.decodeInto(shards, params, out);
        expect(out).toEqual(segment);
      }),
      { numRuns: 50 },
    );
    expect(() =>
      wasm.encodeInto(new Uint8Array(8), { k: 2, m: 1, shardSize: 4 }, [new Uint8Array(3)]),
    ).toThrow(/bad-shard-size/);
  });
});
