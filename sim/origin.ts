// The metered origin (CDN): a latency, a per-connection rate, and each viewer's downlink
// queue. It counts the virtual bytes it sends, segments apart from playlists and manifests.

import type { ByteRange, CancelToken, Origin, OriginResponse } from '../src/core/ports.ts';
import type { OriginFiles } from './content.ts';
import type { EventClock } from './event-clock.ts';
import type { NetNode } from './net.ts';

export class OriginError extends Error {
  readonly kind = 'origin';
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`simulated origin answered ${status} for ${url}`);
    this.name = 'OriginError';
  }
}

export interface OriginOptions {
  /** Round trip to the CDN edge beyond the viewer's own access latency, ms. */
  latencyMs: number;
  /** Most one connection gets from the CDN, virtual bytes per ms. */
  bytesPerMs: number;
  scale: number;
}

export class OriginMeter {
  segmentBytes = 0;
  segmentRequests = 0;
  textBytes = 0;
  textRequests = 0;
}

/** The Origin port of one viewer: requests go through that viewer's downlink. */
export class SimOrigin implements Origin {
  constructor(
    private readonly files: OriginFiles,
    private readonly clock: EventClock,
    private readonly node: NetNode,
    private readonly meter: OriginMeter,
    private readonly options: OriginOptions,
  ) {}

  getBytes(url: string, range: ByteRange | null, _cancel: CancelToken | null): Promise<OriginResponse> {
    const requestStart = this.clock.now();
    const rtt = this.options.latencyMs + 2 * this.node.latencyMs;
    return new Promise((resolve, reject) => {
      const file = this.files.get(url);
      if (!(file instanceof Uint8Array)) {
        this.clock.setTimer(rtt, () => reject(new OriginError(404, url)));
        return;
      }
      const data = range ? file.subarray(range.start, range.end + 1) : file;
      const cost = data.length * this.options.scale;
      this.meter.segmentBytes += cost;
      this.meter.segmentRequests += 1;
      const firstByte = requestStart + rtt;
      const rate = Math.min(this.node.downBytesPerMs, this.options.bytesPerMs);
      const start = Math.max(firstByte, this.node.downFreeAt);
      const loaded = start + cost / rate;
      this.node.downFreeAt = loaded;
      this.clock.setTimer(loaded - requestStart, () =>
        resolve({ data, timing: { requestStart, firstByte, loaded } }),
      );
    });
  }

  fetchText(url: string, _cancel: CancelToken | null): Promise<string> {
    const rtt = this.options.latencyMs + 2 * this.node.latencyMs;
    return new Promise((resolve, reject) => {
      this.clock.setTimer(rtt, () => {
        // Read at answer time: a live playlist may have changed meanwhile.
        const file = this.files.get(url);
        if (typeof file !== 'string') return reject(new OriginError(404, url));
        this.meter.textBytes += file.length;
        this.meter.textRequests += 1;
        resolve(file);
      });
    });
  }
}
