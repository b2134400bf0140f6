// Running totals behind `engine.stats()`.

import type { SegmentInfo } from '../content/segment-info.ts';
import type { JobResult } from '../scheduler/segment-job.ts';
import type { PeerSession } from '../swarm/peer-session.ts';
import type { DeliveryTotals } from '../swarm/totals-sharing.ts';
import { canUpload, toldUplink } from '../swarm/uplink-sharing.ts';
import type { EngineStats, PeerChoke, PeerStats, SegmentOutcome } from './types.ts';

export class EngineCounters {
  private readonly bytes = { origin: 0, peers: 0, upload: 0, passThrough: 0 };
  private readonly segments = { origin: 0, peers: 0, mixed: 0, store: 0, passThrough: 0 };
  private readonly bans: Array<{ peerId: string; reason: string }> = [];

  originBytes(n: number): void {
    this.bytes.origin += n;
  }

  peerBytes(n: number): void {
    this.bytes.peers += n;
  }

  upload(n: number): void {
    this.bytes.upload += n;
  }

  passThrough(n: number): void {
    this.bytes.passThrough += n;
    this.segments.passThrough += 1;
  }

  /** What this viewer's player received: the figures it shares with peers. */
  deliveryTotals(): DeliveryTotals {
    const { origin, peers, passThrough } = this.bytes;
    return { delivered: origin + peers + passThrough, fromPeers: peers };
  }

  ban(peerId: string, reason: string): void {
    this.bans.push({ peerId, reason });
  }

  /** Classifies a finished segment by where its shards came from. */
  segment(result: JobResult): void {
    const kinds = new Set([...result.sources.values()].map((s) => s.kind));
    if (kinds.size > 1) this.segments.mixed += 1;
    else if (kinds.has('origin')) this.segments.origin += 1;
    else if (kinds.has('peer')) this.segments.peers += 1;
    else this.segments.store += 1;
  }

  snapshot(rest: Omit<EngineStats, 'bytes' | 'segments' | 'bans'>): EngineStats {
    return { ...rest, bytes: { ...this.bytes }, segments: { ...this.segments }, bans: [...this.bans] };
  }
}

/** Who refuses whom: their refusals, or a hello without CAN_UPLOAD and nothing served since. */
export function peerChoke(p: PeerSession, now: number, uploading: boolean): PeerChoke {
  const saidNoUpload = !canUpload(p) && !p.theirRefusals.everServed;
  return {
    byPeer: p.theirRefusals.state(now) ?? (saidNoUpload ? 'not-uploading' : null),
    byUs: uploading ? p.ourRefusals.state(now) : 'not-uploading',
  };
}

/** `uploading`: whether this viewer uploads at all (off: it chokes every peer). */
export function peerStats(p: PeerSession, now: number, uploading: boolean): PeerStats {
  return {
    id: p.id,
    connectedMs: now - p.connectedAt,
    rttMs: Math.round(p.rttMs),
    downRate: Math.round(p.downRate.rate * 1000),
    bytesDown: p.bytesDown,
    bytesUp: p.bytesUp,
    shardsTaken: p.shardsTaken,
    shardsGiven: p.shardsGiven,
    segmentsHeld: p.holdings.size,
    choked: peerChoke(p, now, uploading),
    reported: p.reported ? { delivered: p.reported.delivered, fromPeers: p.reported.fromPeers } : null,
    uplink: toldUplink(p, now),
  };
}

/** What the `segment` event says of a finished segment. */
export function outcome(info: SegmentInfo, result: JobResult, durationMs: number): SegmentOutcome {
  return {
    sequence: info.ref.sequence,
    rendition: info.ref.rendition,
    url: info.url,
    k: info.params.k,
    m: info.params.m,
    bytes: info.length,
    shards: [...result.sources].map(([index, source]) => ({
      index,
      via: source.kind,
      peerId: source.kind === 'peer' ? source.peerId : null,
    })),
    rejected: result.rejected,
    rebuilt: result.rebuilt,
    bytesFromOrigin: result.bytesFromOrigin,
    bytesFromPeers: result.bytesFromPeers,
    durationMs,
  };
}
