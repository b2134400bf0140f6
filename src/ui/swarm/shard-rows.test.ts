import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SegmentOutcome } from '../../core/engine/types.ts';
import { describeRow, ShardRows, shardRow } from './shard-rows.ts';

function outcome(over: Partial<SegmentOutcome> = {}): SegmentOutcome {
  return {
    sequence: 7,
    rendition: 0,
    url: 'https://o/seg7.ts',
    k: 4,
    m: 2,
    bytes: 4000,
    shards: [],
    rejected: [],
    rebuilt: false,
    bytesFromOrigin: 0,
    bytesFromPeers: 0,
    durationMs: 120,
    ...over,
  };
}

describe('shardRow', () => {
  it('has one cell per shard index, data then parity, each saying how it arrived', () => {
    const row = shardRow(
      outcome({
        shards: [
          { index: 0, via: 'peer', peerId: 'A' },
          { index: 1, via: 'peer', peerId: 'B' },
          { index: 3, via: 'origin', peerId: null },
          { index: 4, via: 'store', peerId: null },
        ],
        rejected: [{ index: 2, peerId: 'C' }],
        rebuilt: true,
      }),
    );
    expect(row.key).toBe('0:7');
    expect(row.cells.map((c) => [c.index, c.parity, c.kind, c.peerId])).toEqual([
      [0, false, 'peer', 'A'],
      [1, false, 'peer', 'B'],
      [2, false, 'rejected', 'C'],
      [3, false, 'origin', null],
      [4, true, 'store', null],
      [5, true, 'unused', null],
    ]);
    expect(row.peers).toEqual(['A', 'B']);
    expect(row.rebuilt).toBe(true);
  });

  it('shows a good copy that replaced a bad one, and remembers who sent the bad one', () => {
    const row = shardRow(
      outcome({
        shards: [{ index: 1, via: 'peer', peerId: 'B' }],
        rejected: [
          { index: 1, peerId: 'C' },
          { index: 1, peerId: 'D' },
        ],
      }),
    );
    expect(row.cells[1]).toMatchObject({ kind: 'peer', peerId: 'B', rejectedFrom: ['C', 'D'] });
    expect(describeRow(row, (id) => id)).toBe('segment 7, 1 shards from 1 peer (B), 2 rejected as bad');
  });

  it('describes a segment spread over many peers in words', () => {
    const row = shardRow(
      outcome({
        shards: [
          { index: 0, via: 'peer', peerId: 'x' },
          { index: 1, via: 'peer', peerId: 'y' },
          { index: 2, via: 'peer', peerId: 'x' },
          { index: 5, via: 'origin', peerId: null },
        ],
        rebuilt: true,
      }),
    );
    const letters: Record<string, string> = { x: 'A', y: 'B' };
    expect(describeRow(row, (id) => letters[id]!)).toBe(
      'segment 7, 3 shards from 2 peers (A, B), 1 from origin, rebuilt from parity',
    );
  });

  it('never loses a delivered shard and marks parity exactly at index >= k (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.tuple(fc.nat(30), fc.constantFrom('origin', 'peer', 'store' as const), fc.nat(3))),
        (k, m, raw) => {
          const shards = raw
            .filter(([index]) => index < k + m)
            .filter(([index], i, all) => all.findIndex(([j]) => j === index) === i)
            .map(([index, via, p]) => ({ index, via, peerId: via === 'peer' ? `p${p}` : null }));
          const row = shardRow(outcome({ k, m, shards }));
          expect(row.cells.length).toBe(k + m);
          for (const cell of row.cells) expect(cell.parity).toBe(cell.index >= k);
          for (const s of shards) expect(row.cells[s.index]).toMatchObject({ kind: s.via, peerId: s.peerId });
          expect(row.cells.filter((c) => c.kind !== 'unused').length).toBe(shards.length);
        },
      ),
    );
  });
});

describe('ShardRows', () => {
  it('keeps the newest rows first, up to the limit, and replaces a reloaded segment', () => {
    const rows = new ShardRows(3);
    for (const sequence of [1, 2, 3, 4]) rows.add(outcome({ sequence }));
    expect(rows.rows().map((r) => r.sequence)).toEqual([4, 3, 2]);
    rows.add(outcome({ sequence: 3, k: 8, m: 4 }));
    expect(rows.rows().map((r) => r.sequence)).toEqual([3, 4, 2]);
    expect(rows.columns()).toBe(12);
  });

  it('tells renditions apart', () => {
    const rows = new ShardRows();
    rows.add(outcome({ sequence: 1, rendition: 0 }));
    rows.add(outcome({ sequence: 1, rendition: 1 }));
    expect(rows.rows().length).toBe(2);
    expect(new ShardRows().columns()).toBe(0);
  });
});
