import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designatedShare, fetcherHash } from './designated-share.ts';

describe('designatedShare', () => {
  it('is deterministic, in [0, k), and takes every shard when the fraction reaches 1', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.nat(1_000_000),
        fc.integer({ min: 1, max: 32 }),
        (id, seq, k) => {
          const a = designatedShare(id, 13, k, seq, 2);
          expect(designatedShare(id, 13, k, seq, 2)).toEqual(a);
          expect(a.every((i) => i >= 0 && i < k)).toBe(true);
          expect(designatedShare(id, 4, k, seq, 4)).toEqual(Array.from({ length: k }, (_, i) => i));
        },
      ),
    );
  });

  it('gives each shard to about fetchers / population of the viewers', () => {
    const viewers = 20_000;
    const k = 8;
    let taken = 0;
    for (let v = 0; v < viewers; v++) taken += designatedShare(`viewer-${v}`, 13, k, 1234, 1).length;
    // Expected 1/13 of 160,000 shard slots = 12,308; a binomial's sd is ~106.
    expect(Math.abs(taken / (viewers * k) - 1 / 13)).toBeLessThan(0.003);
  });

  it('hashes neighbouring sequences to unrelated values', () => {
    let same = 0;
    for (let s = 0; s < 1000; s++)
      if (fetcherHash('x', s, 0) < 0.5 === fetcherHash('x', s + 1, 0) < 0.5) same += 1;
    expect(same).toBeGreaterThan(430);
    expect(same).toBeLessThan(570);
  });
});
