import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ampleUplink, splitMembers, weightedShare } from './weighted-share.ts';

const ids = fc.uniqueArray(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 8 }),
  {
    minLength: 2,
    maxLength: 14,
  },
);

describe('weightedShare', () => {
  it('is null for a lone viewer and when nobody uploads', () => {
    expect(weightedShare('a', [{ id: 'a', weight: 5 }], 8, 3)).toBeNull();
    expect(
      weightedShare(
        'a',
        [
          { id: 'a', weight: 0 },
          { id: 'b', weight: 0 },
        ],
        8,
        3,
      ),
    ).toBeNull();
  });

  it('partitions the data shards among members that agree on the weights: every shard exactly once', () => {
    fc.assert(
      fc.property(
        ids,
        fc.integer({ min: 1, max: 64 }),
        fc.nat(1_000_000_000),
        fc.nat(),
        (names, k, sequence, seed) => {
          const members = names.map((id, i) => ({
            id,
            weight: ((seed >>> (i % 30)) & 7) * 1000 + (i === 0 ? 1 : 0),
          }));
          const seen = new Array<number>(k).fill(0);
          for (const self of names) for (const i of weightedShare(self, members, k, sequence)!) seen[i]! += 1;
          expect(seen.every((n) => n === 1)).toBe(true);
        },
      ),
    );
  });

  it('gives each member about k × weight / total shards, and none to a member that does not upload', () => {
    fc.assert(
      fc.property(ids, fc.integer({ min: 1, max: 32 }), fc.nat(1_000_000), (names, k, sequence) => {
        const members = names.map((id, i) => ({ id, weight: i % 3 === 2 ? 0 : (i % 5) + 1 }));
        const total = members.reduce((s, m) => s + m.weight, 0);
        for (const m of members) {
          const got = weightedShare(m.id, members, k, sequence)!.length;
          const fair = (k * m.weight) / total;
          expect(got).toBeGreaterThanOrEqual(Math.floor(fair));
          expect(got).toBeLessThanOrEqual(Math.ceil(fair));
          if (m.weight === 0) expect(got).toBe(0);
        }
      }),
    );
  });

  it('with equal weights splits as evenly as the rank split, and the remainder rotates with the sequence', () => {
    const members = ['a', 'b', 'c'].map((id) => ({ id, weight: 1 }));
    const counts = { a: 0, b: 0, c: 0 };
    for (let sequence = 0; sequence < 300; sequence++)
      for (const m of members) {
        const n = weightedShare(m.id, members, 8, sequence)!.length;
        expect(n === 2 || n === 3).toBe(true);
        counts[m.id as 'a'] += n;
      }
    for (const n of Object.values(counts)) expect(Math.abs(n - 800)).toBeLessThan(40);
  });
});

describe('splitMembers', () => {
  it('is null while no rate is known, so the rank split stands', () => {
    expect(splitMembers({ id: 'a', weight: null }, [{ id: 'b', weight: null }])).toBeNull();
  });

  it('weighs the unknown alike when the only rate known is a 0 (a peer that does not upload)', () => {
    expect(
      splitMembers({ id: 'a', weight: null }, [
        { id: 'c', weight: 0 },
        { id: 'b', weight: null },
      ]),
    ).toEqual([
      { id: 'a', weight: 1 },
      { id: 'c', weight: 0 },
      { id: 'b', weight: 1 },
    ]);
  });

  it('caps rates at what counts as ample, so viewers that all have plenty weigh alike', () => {
    const ample = ampleUplink(20_000, 3);
    expect(ample).toBe(120_000);
    expect(
      splitMembers(
        { id: 'a', weight: 5_000_000 },
        [
          { id: 'b', weight: 300_000 },
          { id: 'c', weight: 40_000 },
        ],
        ample,
      ),
    ).toEqual([
      { id: 'a', weight: 120_000 },
      { id: 'b', weight: 120_000 },
      { id: 'c', weight: 40_000 },
    ]);
  });

  it('counts an unknown rate as the highest known one, and keeps a known 0', () => {
    expect(
      splitMembers({ id: 'a', weight: null }, [
        { id: 'b', weight: 300 },
        { id: 'c', weight: 0 },
      ]),
    ).toEqual([
      { id: 'a', weight: 300 },
      { id: 'b', weight: 300 },
      { id: 'c', weight: 0 },
    ]);
  });
});
