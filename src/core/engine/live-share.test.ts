import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liveShare, placeShare } from './live-share.ts';

describe('liveShare', () => {
  it('is null for a lone viewer', () => {
    expect(liveShare('a', [], 8, 3)).toBeNull();
  });

  it('partitions the data shards among the swarm: every shard exactly once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 8 }),
          {
            minLength: 2,
            maxLength: 12,
          },
        ),
        fc.integer({ min: 1, max: 64 }),
        fc.nat(1_000_000),
        (ids, k, sequence) => {
          const seen = new Array<number>(k).fill(0);
          for (const self of ids) {
            const share = liveShare(
              self,
              ids.filter((id) => id !== self),
              k,
              sequence,
            )!;
            for (const i of share) seen[i]! += 1;
          }
          expect(seen.every((n) => n === 1)).toBe(true);
        },
      ),
    );
  });

  it('gives each viewer one contiguous block (one Range request), sizes within one of each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 64 }),
        fc.nat(1_000_000),
        (n, k, sequence) => {
          const sizes: number[] = [];
          for (let rank = 0; rank < n; rank++) {
            const share = placeShare({ rank, size: n }, k, sequence);
            for (let j = 1; j < share.length; j++) expect(share[j]).toBe(share[j - 1]! + 1);
            sizes.push(share.length);
          }
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('rotates the blocks with the sequence, so no viewer always fetches the first bytes', () => {
    const firsts = new Set<number>();
    for (let sequence = 0; sequence < 4; sequence++)
      firsts.add(placeShare({ rank: 0, size: 4 }, 8, sequence)[0]!);
    expect(firsts).toEqual(new Set([0, 2, 4, 6]));
  });
});
