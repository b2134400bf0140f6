// Running totals behind `engine.stats()`.

import type { JobResult } from '../scheduler/segment-job.ts';
import type { EngineStats } from './types.ts';

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
