// How much of what we ask of peers comes back 'busy' (their uplinks full): the share of shards
// requested lately that were refused so, both counts decaying with a half-life. Near 0 where
// uploads are ample (simulator, flash crowd: 3 % of shards at the 90th percentile of viewers),
// most of them where they are scarce (uploads at half the bitrate: 73 % at the 10th).

const HALF_LIFE_MS = 10_000;

export class BusyRatio {
  private asked = 0;
  private refused = 0;
  private at = 0;

  /** `count` shards were requested. */
  requested(count: number, now: number): void {
    this.decay(now);
    this.asked += count;
  }

  /** `count` shards were refused 'busy'. */
  busy(count: number, now: number): void {
    this.decay(now);
    this.refused += count;
  }

  /** Refused over requested lately; 0 before anything was asked. */
  ratio(now: number): number {
    this.decay(now);
    return this.asked > 0 ? Math.min(this.refused / this.asked, 1) : 0;
  }

  private decay(now: number): void {
    if (now <= this.at) return;
    const factor = 2 ** (-(now - this.at) / HALF_LIFE_MS);
    this.asked *= factor;
    this.refused *= factor;
    this.at = now;
  }
}
