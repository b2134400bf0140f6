// How fast this viewer's uplink really empties, measured rather than configured: bytes handed to
// the links minus bytes still buffered in them is what has left; its growth over an interval in
// which the links never ran empty is the uplink's rate (all links share one access link).

/** Shorter intervals are summed with the next: buffered counts move in steps in a browser. */
const MIN_INTERVAL_MS = 20;
const WEIGHT = 0.3;

export class DrainRate {
  private anchor: { at: number; out: number } | null = null;
  private measured = 0;
  private samples = 0;

  /** `cap`: the configured upload cap in bytes per ms (Infinity: none). */
  constructor(private readonly cap = Number.POSITIVE_INFINITY) {}

  /**
   * Notes the links' state before anything more is handed to them: `handed` bytes given to the
   * links so far (all time), `backlog` bytes of them still buffered now.
   */
  observe(now: number, handed: number, backlog: number): void {
    const out = handed - backlog;
    const anchor = this.anchor;
    // An empty backlog means the links may have idled: start a fresh interval from here.
    if (!anchor || backlog <= 0) {
      this.anchor = { at: now, out };
      return;
    }
    const elapsed = now - anchor.at;
    if (elapsed < MIN_INTERVAL_MS) return;
    const sample = (out - anchor.out) / elapsed;
    this.anchor = { at: now, out };
    // Nothing left although the links were busy: a glitch (a link closed), not a rate of 0.
    if (sample <= 0) return;
    this.measured = this.samples === 0 ? sample : this.measured * (1 - WEIGHT) + sample * WEIGHT;
    this.samples += 1;
  }

  /** True once the rate is measured or configured. */
  get known(): boolean {
    return this.samples > 0 || Number.isFinite(this.cap);
  }

  /** Bytes per ms (Infinity while unknown). */
  get bytesPerMs(): number {
    if (this.samples === 0) return this.cap;
    return Math.min(Math.max(this.measured, 1e-6), this.cap);
  }
}
