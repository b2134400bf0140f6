import type { ResourceClass } from './content-types.ts';

export interface MeterCount {
  /** Body bytes the socket accepted (headers and error bodies are not counted). */
  bytes: number;
  /** Responses that served content (200, 206, and HEAD of those). */
  requests: number;
}

export type MeterSnapshot = Record<ResourceClass, MeterCount> & {
  /** ISO time of the last reset (or server start). */
  since: string;
};

/** Counts what the origin really delivered, so tests can tell swarm bytes from origin bytes. */
export class ByteMeter {
  private counts = emptyCounts();
  private since: Date;

  constructor(private readonly now: () => number) {
    this.since = new Date(now());
  }

  addRequest(resourceClass: ResourceClass): void {
    this.counts[resourceClass].requests += 1;
  }

  addBytes(resourceClass: ResourceClass, bytes: number): void {
    this.counts[resourceClass].bytes += bytes;
  }

  reset(): void {
    this.counts = emptyCounts();
    this.since = new Date(this.now());
  }

  snapshot(): MeterSnapshot {
    const copy = (c: MeterCount): MeterCount => ({ bytes: c.bytes, requests: c.requests });
    return {
      segments: copy(this.counts.segments),
      playlists: copy(this.counts.playlists),
      manifests: copy(this.counts.manifests),
      other: copy(this.counts.other),
      since: this.since.toISOString(),
    };
  }
}

function emptyCounts(): Record<ResourceClass, MeterCount> {
  return {
    segments: { bytes: 0, requests: 0 },
    playlists: { bytes: 0, requests: 0 },
    manifests: { bytes: 0, requests: 0 },
    other: { bytes: 0, requests: 0 },
  };
}
