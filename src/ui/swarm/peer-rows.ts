// The peers table's model: connected peers from `stats().peers`, plus peers that left or were
// banned, kept (greyed) for a while so a viewer sees what happened. Upload rate per peer comes
// from deltas of bytesUp between samples.

import type { PeerStats } from '../../core/engine/types.ts';

export type PeerState = 'connected' | 'left' | 'banned';

export interface PeerRow extends PeerStats {
  state: PeerState;
  /** Why it left or was banned. */
  reason: string | null;
  /** Bytes per second uploaded to this peer, over the last few seconds. */
  upRate: number;
  goneAtMs: number | null;
}

const NOT_CHOKED = { byPeer: null, byUs: null } as const;

/** How far back the upload rate looks. */
const RATE_WINDOW_MS = 3000;

interface Entry {
  row: PeerRow;
  /** (time, bytesUp) samples within the rate window, oldest first. */
  ups: Array<[number, number]>;
}

export class PeerTable {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly keepGoneMs = 60_000) {}

  /** A fresh `stats().peers`: listed peers are connected; unlisted connected ones have left. */
  update(peers: readonly PeerStats[], nowMs: number): void {
    const seen = new Set<string>();
    for (const stats of peers) {
      seen.add(stats.id);
      let entry = this.entries.get(stats.id);
      if (!entry || entry.row.state === 'left') {
        // A peer that comes back starts a new row: its counters restarted with the new link.
        entry = { row: { ...stats, state: 'connected', reason: null, upRate: 0, goneAtMs: null }, ups: [] };
        this.entries.set(stats.id, entry);
      }
      // A banned peer still listed (its link not yet closed) keeps its ban and its greyed row.
      entry.row = { ...entry.row, ...stats };
      entry.ups.push([nowMs, stats.bytesUp]);
      while (entry.ups.length > 2 && nowMs - entry.ups[1]![0] >= RATE_WINDOW_MS) entry.ups.shift();
      const [t0, b0] = entry.ups[0]!;
      entry.row.upRate = nowMs > t0 ? Math.max(0, ((stats.bytesUp - b0) * 1000) / (nowMs - t0)) : 0;
    }
    for (const [id, entry] of this.entries) {
      if (!seen.has(id) && entry.row.state === 'connected') this.gone(id, 'left', null, nowMs);
    }
    this.prune(nowMs);
  }

  left(peerId: string, reason: string | null, nowMs: number): void {
    const entry = this.entries.get(peerId);
    // A ban says more than the disconnect that follows it.
    if (entry?.row.state === 'banned') return;
    this.gone(peerId, 'left', reason, nowMs);
  }

  banned(peerId: string, reason: string, nowMs: number): void {
    this.gone(peerId, 'banned', reason, nowMs);
  }

  /** Connected peers first (longest connected first), then the departed, most recent first. */
  rows(nowMs: number): PeerRow[] {
    this.prune(nowMs);
    const rows = [...this.entries.values()].map((e) => e.row);
    const connected = rows
      .filter((r) => r.state === 'connected')
      .sort((a, b) => b.connectedMs - a.connectedMs);
    const gone = rows
      .filter((r) => r.state !== 'connected')
      .sort((a, b) => (b.goneAtMs ?? 0) - (a.goneAtMs ?? 0));
    return [...connected, ...gone];
  }

  private gone(peerId: string, state: 'left' | 'banned', reason: string | null, nowMs: number): void {
    const entry = this.entries.get(peerId);
    const base: PeerRow = entry?.row ?? {
      id: peerId,
      connectedMs: 0,
      rttMs: 0,
      downRate: 0,
      bytesDown: 0,
      bytesUp: 0,
      shardsTaken: 0,
      shardsGiven: 0,
      segmentsHeld: 0,
      choked: NOT_CHOKED,
      reported: null,
      uplink: null,
      state,
      reason,
      upRate: 0,
      goneAtMs: nowMs,
    };
    const row: PeerRow = {
      ...base,
      state,
      reason: reason ?? base.reason,
      // Nothing flows either way any more: choking means nothing for a departed peer.
      choked: NOT_CHOKED,
      downRate: 0,
      upRate: 0,
      goneAtMs: nowMs,
    };
    this.entries.set(peerId, { row, ups: [] });
  }

  private prune(nowMs: number): void {
    for (const [id, entry] of this.entries) {
      const gone = entry.row.goneAtMs;
      if (gone !== null && nowMs - gone > this.keepGoneMs) this.entries.delete(id);
    }
  }
}
