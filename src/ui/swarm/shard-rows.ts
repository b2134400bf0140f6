// The shard map's model: one row per finished segment, one cell per shard index (k data, then m
// parity), each saying how that shard arrived. Built from `segment` events only.

import type { SegmentOutcome } from '../../core/engine/types.ts';

export type CellKind = 'origin' | 'peer' | 'store' | 'rejected' | 'unused';

export interface ShardCell {
  index: number;
  parity: boolean;
  kind: CellKind;
  /** The peer that delivered it (kind 'peer'), or the sender of a bad copy (kind 'rejected'). */
  peerId: string | null;
  /** Peers whose copy of this shard failed verification, even if a good copy came later. */
  rejectedFrom: string[];
}

export interface ShardRow {
  key: string;
  sequence: number;
  rendition: number;
  k: number;
  m: number;
  bytes: number;
  cells: ShardCell[];
  rebuilt: boolean;
  /** Distinct peers that delivered shards of this segment, in index order. */
  peers: string[];
  bytesFromOrigin: number;
  bytesFromPeers: number;
  durationMs: number;
}

export function shardRow(outcome: SegmentOutcome): ShardRow {
  const { k, m } = outcome;
  const arrived = new Map(outcome.shards.map((s) => [s.index, s]));
  const rejected = new Map<number, string[]>();
  for (const r of outcome.rejected) rejected.set(r.index, [...(rejected.get(r.index) ?? []), r.peerId]);
  const cells: ShardCell[] = [];
  const peers: string[] = [];
  for (let index = 0; index < k + m; index++) {
    const shard = arrived.get(index);
    const rejectedFrom = rejected.get(index) ?? [];
    let kind: CellKind = 'unused';
    let peerId: string | null = null;
    if (shard) {
      kind = shard.via;
      peerId = shard.peerId;
      if (peerId !== null && !peers.includes(peerId)) peers.push(peerId);
    } else if (rejectedFrom.length > 0) {
      kind = 'rejected';
      peerId = rejectedFrom[rejectedFrom.length - 1]!;
    }
    cells.push({ index, parity: index >= k, kind, peerId, rejectedFrom });
  }
  return {
    key: `${outcome.rendition}:${outcome.sequence}`,
    sequence: outcome.sequence,
    rendition: outcome.rendition,
    k,
    m,
    bytes: outcome.bytes,
    cells,
    rebuilt: outcome.rebuilt,
    peers,
    bytesFromOrigin: outcome.bytesFromOrigin,
    bytesFromPeers: outcome.bytesFromPeers,
    durationMs: outcome.durationMs,
  };
}

/** The newest `limit` segments, newest first; a segment loaded again replaces its old row. */
export class ShardRows {
  private list: ShardRow[] = [];

  constructor(private readonly limit = 20) {}

  add(outcome: SegmentOutcome): ShardRow {
    const row = shardRow(outcome);
    this.list = [row, ...this.list.filter((r) => r.key !== row.key)].slice(0, this.limit);
    return row;
  }

  rows(): readonly ShardRow[] {
    return this.list;
  }

  /** Widest k + m among the rows, so every row lines up in the same columns. */
  columns(): number {
    return this.list.reduce((max, r) => Math.max(max, r.k + r.m), 0);
  }
}

/** Plain words for one row, for screen readers and tooltips. */
export function describeRow(row: ShardRow, letterOf: (peerId: string) => string): string {
  const counts = { origin: 0, peer: 0, store: 0, rejected: 0 };
  for (const cell of row.cells) if (cell.kind !== 'unused') counts[cell.kind] += 1;
  const parts = [`segment ${row.sequence}`];
  if (counts.peer > 0) {
    const names = row.peers.map(letterOf).join(', ');
    parts.push(
      `${counts.peer} shards from ${row.peers.length} peer${row.peers.length === 1 ? '' : 's'} (${names})`,
    );
  }
  if (counts.origin > 0) parts.push(`${counts.origin} from origin`);
  if (counts.store > 0) parts.push(`${counts.store} from local store`);
  const bad = row.cells.reduce((n, c) => n + c.rejectedFrom.length, 0);
  if (bad > 0) parts.push(`${bad} rejected as bad`);
  if (row.rebuilt) parts.push('rebuilt from parity');
  return parts.join(', ');
}
