// The largest value seen within a sliding window, in two buckets of half the window each: the
// max of both spans between half the window and all of it, with no list of samples to keep.

export class RecentMax {
  private bucket = Number.NEGATIVE_INFINITY;
  private current = 0;
  private previous = 0;

  constructor(private readonly windowMs: number) {}

  note(value: number, now: number): void {
    this.roll(now);
    this.current = Math.max(this.current, value);
  }

  /** The largest value noted lately, or 0. */
  value(now: number): number {
    this.roll(now);
    return Math.max(this.current, this.previous);
  }

  private roll(now: number): void {
    const bucket = Math.floor(now / (this.windowMs / 2));
    if (bucket === this.bucket) return;
    this.previous = bucket === this.bucket + 1 ? this.current : 0;
    this.current = 0;
    this.bucket = bucket;
  }
}
