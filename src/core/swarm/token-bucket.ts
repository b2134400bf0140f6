// The upload cap: a token bucket in bytes, refilled with clock time, plus a session total.

export class TokenBucket {
  private tokens: number;
  private last: number;
  private spent = 0;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly totalBytes: number,
    now: number,
    /** Burst allowance: one second of rate, at least one large shard. */
    private readonly burst = Math.max(bytesPerSecond, 512 * 1024),
  ) {
    this.tokens = this.burst;
    this.last = now;
  }

  /** Takes `bytes` if the cap allows it now. */
  take(bytes: number, now: number): boolean {
    if (this.spent + bytes > this.totalBytes) return false;
    if (Number.isFinite(this.bytesPerSecond)) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000);
      this.last = now;
      if (this.tokens < bytes) return false;
      this.tokens -= bytes;
    }
    this.spent += bytes;
    return true;
  }

  get totalSpent(): number {
    return this.spent;
  }
}
