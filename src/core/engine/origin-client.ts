// The engine's way to the origin: byte ranges of segments, and a running estimate of how long
// the origin takes, so the planner knows when it must turn to it.

import type { SegmentInfo } from '../content/segment-info.ts';
import type { ByteRange, Clock, Origin, OriginResponse } from '../ports.ts';
import { RateMeter } from '../swarm/rate-meter.ts';
import { OriginLatency } from './origin-latency.ts';

export class OriginClient {
  private readonly rate = new RateMeter(2048); // 2 MB/s until measured
  private readonly latency = new OriginLatency();

  constructor(
    private readonly origin: Origin,
    private readonly clock: Clock,
    private readonly onBytes: (bytes: number) => void,
  ) {}

  /** `range` within the segment, or the whole segment (its slice, for byte-range playlists). */
  async segmentBytes(info: SegmentInfo, range: ByteRange | null): Promise<OriginResponse> {
    const slice = info.byteRange;
    const byteRange = range ?? (slice ? { start: slice.offset, end: slice.offset + slice.length - 1 } : null);
    const token = this.latency.started(this.clock.now());
    let response: OriginResponse;
    try {
      response = await this.origin.getBytes(info.url, byteRange, null);
    } catch (error) {
      this.latency.answered(token, null);
      throw error;
    }
    const { requestStart, firstByte, loaded } = response.timing;
    this.latency.answered(token, firstByte - requestStart);
    this.rate.add(response.data.length, Math.max(loaded - firstByte, 1));
    this.onBytes(response.data.length);
    return response;
  }

  /** Milliseconds a typical fetch of `bytes` takes. */
  typicalMs(bytes: number): number {
    return this.latency.typicalMs() + this.rate.timeFor(bytes);
  }

  /** Milliseconds to plan for fetching `bytes`: a slow answer, not just a typical one. */
  timeMs(bytes: number): number {
    return this.latency.planMs(this.clock.now()) + this.rate.timeFor(bytes);
  }
}
