import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CodingError, chooseParams, DEFAULT_MAX_SHARDS, MAX_TOTAL_SHARDS } from './index.ts';

describe('chooseParams', () => {
  it('gives 16+8 for the ~150 KB sample segments and 32+16 for 2 MiB', () => {
    expect(chooseParams(150_000)).toEqual({ k: 16, m: 8, shardSize: 9_375 });
    expect(chooseParams(2 * 1024 * 1024)).toMatchObject({ k: 32, m: 16, shardSize: 65_536 });
  });

  it('keeps small segments in one data shard', () => {
    expect(chooseParams(1)).toEqual({ k: 1, m: 1, shardSize: 1 });
    expect(chooseParams(10_000)).toEqual({ k: 1, m: 1, shardSize: 10_000 });
    expect(chooseParams(20_000)).toEqual({ k: 2, m: 1, shardSize: 10_000 });
  });

  it('honours fixed k and m and the limits', () => {
    expect(chooseParams(1000, { k: 10, m: 3 })).toEqual({ k: 10, m: 3, shardSize: 100 });
    expect(chooseParams(1000, { k: 10 })).toEqual({ k: 10, m: 5, shardSize: 100 });
    expect(chooseParams(10_000_000, { maxShards: 12 }).k).toBe(8);
    expect(chooseParams(150_000, { minShardSize: 4096 })).toMatchObject({ k: 32, m: 16 });
    expect(chooseParams(150_000, { m: 2 })).toMatchObject({ k: 16, m: 2 });
  });

  it('always returns a valid code that fits the segment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.record({
          minShardSize: fc.option(fc.integer({ min: 1, max: 1 << 20 }), { nil: undefined }),
          maxShards: fc.option(fc.integer({ min: 2, max: MAX_TOTAL_SHARDS }), { nil: undefined }),
        }),
        (length, options) => {
          const p = chooseParams(length, options);
          expect(p.k * p.shardSize).toBeGreaterThanOrEqual(length);
          expect((p.k - 1) * p.shardSize).toBeLessThan(length);
          expect(p.k + p.m).toBeLessThanOrEqual(options.maxShards ?? DEFAULT_MAX_SHARDS);
          expect(p.m).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });

  it('rejects bad input with typed errors', () => {
    const kind = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as CodingError).kind;
      }
      return null;
    };
    expect(kind(() => chooseParams(0))).toBe('empty-segment');
    expect(kind(() => chooseParams(-1))).toBe('bad-params');
    expect(kind(() => chooseParams(1.5))).toBe('bad-params');
    expect(kind(() => chooseParams(10, { k: 0 }))).toBe('bad-params');
    expect(kind(() => chooseParams(10, { k: 250, m: 10 }))).toBe('bad-params');
    expect(kind(() => chooseParams(10, { maxShards: 1 }))).toBe('bad-params');
    expect(kind(() => chooseParams(10, { minShardSize: 0 }))).toBe('bad-params');
    expect(kind(() => chooseParams(2 ** 30))).toBe('segment-too-large');
  });
});
