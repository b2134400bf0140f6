// The engine's way to the origin: byte ranges of segments, and a running estimate of how long
// the origin takes, so the planner knows when it must turn to it.

import type { SegmentInfo } from '../content/segment-info.ts';
import type { ByteRange, Origin, OriginResponse } from '../ports.ts';
import { RateMeter } from '../swarm/rate-meter.ts';

export class OriginClient {
  private readonly rate = new RateMeter(2048); // 2 MB/s until measured
  private latencyMs = 150;

  constructor(
    private readonly origin: Origin,
    private readonly onBytes: (bytes: number) => void,
  ) {}

  /** `range` within the segment, or the whole segment (its slice, for byte-range playlists). */
  async segmentBytes(info: SegmentInfo, range: ByteRange | null): Promise<OriginResponse> {
    const slice = info.byteRange;
    const byteRange = range ?? (slice ? { start: slice.offset, end: slice.offset + slice.length - 1 } : null);
    const response = await this.origin.getBytes(info.url, byteRange, null);
    const { requestStart, firstByte, loaded } = response.timing;
    this.latencyMs = this.latencyMs * 0.7 + (firstByte - requestStart) * 0.3;
    this.rate.add(response.data.length, Math.max(loaded - firstByte, 1));
    this.onBytes(response.data.length);
    return response;
  }

  /** Expected milliseconds to fetch `bytes`. */
  timeMs(bytes: number): number {
    return this.latencyMs + this.rate.timeFor(bytes);
  }
}
