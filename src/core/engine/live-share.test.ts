import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liveShare } from './live-share.ts';

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
});
