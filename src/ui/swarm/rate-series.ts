// Bytes bucketed into one-second bins over a sliding window, for the rate and P2P-share charts.
// Time comes in as milliseconds from the caller, so the buckets are tested without a clock.

import type { EngineEvents } from '../../core/engine/types.ts';

export type ByteSource = 'origin' | 'peers' | 'upload';

/** Pass-through bytes come from the origin server too: the viewer paid for them like any other. */
export function byteSource(via: EngineEvents['bytes']['via']): ByteSource {
  if (via === 'peer') return 'peers';
  if (via === 'upload') return 'upload';
  return 'origin';
}

export interface RateWindow {
  /** Unix seconds, oldest first; the last is the latest complete second. */
  seconds: number[];
  origin: number[];
  peers: number[];
  upload: number[];
  /** Peer bytes over delivered bytes within each second; null when nothing was delivered. */
  share: Array<number | null>;
  /** Peer bytes over delivered bytes since the start; null until the first byte. */
  cumulativeShare: Array<number | null>;
}

interface Bucket {
  origin: number;
  peers: number;
  upload: number;
}

export function p2pShare(origin: number, peers: number): number | null {
  const delivered = origin + peers;
  return delivered > 0 ? peers / delivered : null;
}

export class RateSeries {
  private readonly buckets = new Map<number, Bucket>();
  /** Totals of buckets that slid out of the window, so the cumulative share stays exact. */
  private readonly before = { origin: 0, peers: 0 };

  constructor(private readonly windowSeconds = 120) {}

  add(source: ByteSource, bytes: number, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    let bucket = this.buckets.get(second);
    if (!bucket) {
      bucket = { origin: 0, peers: 0, upload: 0 };
      this.buckets.set(second, bucket);
    }
    bucket[source] += bytes;
  }

  /** The last `windowSeconds` complete seconds before `nowMs`; the running second is left out. */
  window(nowMs: number): RateWindow {
    const last = Math.floor(nowMs / 1000) - 1;
    const first = last - this.windowSeconds + 1;
    this.prune(first);
    const out: RateWindow = {
      seconds: [],
      origin: [],
      peers: [],
      upload: [],
      share: [],
      cumulativeShare: [],
    };
    let origin = this.before.origin;
    let peers = this.before.peers;
    for (let s = first; s <= last; s++) {
      const b = this.buckets.get(s) ?? { origin: 0, peers: 0, upload: 0 };
      origin += b.origin;
      peers += b.peers;
      out.seconds.push(s);
      out.origin.push(b.origin);
      out.peers.push(b.peers);
      out.upload.push(b.upload);
      out.share.push(p2pShare(b.origin, b.peers));
      out.cumulativeShare.push(p2pShare(origin, peers));
    }
    return out;
  }

  private prune(firstKept: number): void {
    for (const [second, b] of this.buckets) {
      if (second >= firstKept) continue;
      this.before.origin += b.origin;
      this.before.peers += b.peers;
      this.buckets.delete(second);
    }
  }
}
