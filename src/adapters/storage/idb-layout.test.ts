import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_PREFIX, META_PREFIX, metaKeysOf, readLayout } from './idb-layout.ts';

function layoutOf(records: Record<string, unknown>) {
  const all = Object.keys(records);
  const metaKeys = metaKeysOf(all);
  return readLayout(
    all,
    metaKeys,
    metaKeys.map((k) => records[k]),
  );
}

describe('readLayout', () => {
  it('rebuilds intact entries in write order and the next write order', () => {
    const layout = layoutOf({
      'd|a/0/1/0': new Uint8Array(3),
      'm|a/0/1/0': { size: 3, at: 7 },
      'd|a/0/0/0': new Uint8Array(5),
      'm|a/0/0/0': { size: 5, at: 2 },
    });
    expect(layout.entries.map((e) => e.key)).toEqual(['a/0/0/0', 'a/0/1/0']);
    expect(layout.nextAt).toBe(8);
    expect(layout.broken).toEqual([]);
  });

  it('marks bad metadata, data without metadata and metadata without data as broken', () => {
    const layout = layoutOf({
      'd|bad-meta': new Uint8Array(1),
      'm|bad-meta': { size: -1, at: 0 },
      'd|no-meta': new Uint8Array(1),
      'm|no-data': { size: 1, at: 0 },
      'someone-else': 42,
    });
    expect(layout.entries).toEqual([]);
    expect(layout.broken.sort()).toEqual(['bad-meta', 'no-data', 'no-meta']);
  });

  it('accounts for every shard key exactly once, whatever is stored', () => {
    const value = fc.oneof(
      fc.record({ size: fc.nat(), at: fc.nat() }),
      fc.anything(),
      fc.constant(new Uint8Array(2)),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 4 }), fc.tuple(fc.boolean(), fc.option(value))),
        (spec) => {
          const records: Record<string, unknown> = {};
          for (const [key, [hasData, meta]] of Object.entries(spec)) {
            if (hasData) records[DATA_PREFIX + key] = new Uint8Array(1);
            if (meta !== null) records[META_PREFIX + key] = meta;
          }
          const layout = layoutOf(records);
          const seen = [...layout.entries.map((e) => e.key), ...layout.broken];
          const shardKeys = Object.entries(spec)
            .filter(([, [hasData, meta]]) => hasData || meta !== null)
            .map(([k]) => k);
          expect(seen.sort()).toEqual(shardKeys.sort());
          for (let i = 1; i < layout.entries.length; i++) {
            expect(layout.entries[i]!.meta.at).toBeGreaterThanOrEqual(layout.entries[i - 1]!.meta.at);
          }
        },
      ),
    );
  });
});
