// A throughput estimate that forgets: an exponentially weighted moving average of
// bytes per millisecond over completed transfers.

export class RateMeter {
  private bytesPerMs: number;
  private samples = 0;

  constructor(
    initialBytesPerMs: number,
    private readonly weight = 0.3,
  ) {
    this.bytesPerMs = initialBytesPerMs;
  }

  /** Records a transfer of `bytes` that took `ms`. */
  add(bytes: number, ms: number): void {
    if (bytes <= 0) return;
    const sample = bytes / Math.max(ms, 1);
    this.bytesPerMs =
      this.samples === 0 ? sample : this.bytesPerMs * (1 - this.weight) + sample * this.weight;
    this.samples += 1;
  }

  /** Bytes per millisecond. */
  get rate(): number {
    return this.bytesPerMs;
  }

  get measured(): boolean {
    return this.samples > 0;
  }

  /** Milliseconds to move `bytes` at the current estimate. */
  timeFor(bytes: number): number {
    return bytes / Math.max(this.bytesPerMs, 1e-6);
  }
}
