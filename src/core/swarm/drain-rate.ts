// How fast this viewer's uplink really empties, measured rather than configured: bytes handed to
// the links minus bytes still buffered in them is what has left; its growth over an interval in
// which requests waited all along (so the links were kept fed) is the uplink's rate (all links
// share one access link).
//
// Only such saturated intervals count. An interval in which the links may have idled measures
// the demand, not the uplink: taking it as the rate makes the uploader refuse, refusals lower the
// demand, and the next such sample is lower still (seen in the browser: a loopback uplink
// measured at 11 KB/s, refusing nearly everything). A measurement also goes stale: without a
// fresh saturated interval the rate is unknown again, everything is queued, and a queue that
// builds up measures it anew.
//
// An interval in which the links ran empty still says the uplink is *at least* that fast (what
// left, left within it). That floor only paces how much the queue hands the links (it never
// refuses a request nor is told to peers): with nothing but saturated intervals to go by, a fast
// link fed a shard at a time empties before every look and is never measured (the browser's
// loopback uplinks sent ~0.18 MB/s that way, where they can send several MB/s).

import { RecentMax } from './recent-max.ts';

/** Shorter intervals are summed with the next: buffered counts move in steps in a browser. */
const MIN_INTERVAL_MS = 20;
const WEIGHT = 0.3;
/** A measured rate not confirmed for this long is forgotten. */
const STALE_MS = 10_000;

export class DrainRate {
  private anchor: { at: number; out: number } | null = null;
  private measured = 0;
  private samples = 0;
  private sampledAt = Number.NEGATIVE_INFINITY;
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly peaks = new RecentMax(STALE_MS);
  private readonly floors = new RecentMax(STALE_MS);

  /** `cap`: the configured upload cap in bytes per ms (Infinity: none). */
  constructor(private readonly cap = Number.POSITIVE_INFINITY) {}

  /**
   * Notes the links' state before anything more is handed to them: `handed` bytes given to the
   * links so far (all time), `backlog` bytes of them still buffered now, `waiting`: whether
   * requests wait for the uplink now.
   */
  observe(now: number, handed: number, backlog: number, waiting = true): void {
    this.lastAt = Math.max(this.lastAt, now);
    // Nothing waits: whatever leaves from here on measures the demand. A backlog alone does not
    // make the uplink busy: one slow link, or control frames, can hold bytes for seconds while
    // the uplink idles (browser: rates of 5-7 kB/s measured on loopback, refusing as busy).
    if (!waiting) {
      this.anchor = null;
      return;
    }
    const out = handed - backlog;
    const anchor = this.anchor;
    // An empty backlog means the links may have idled: the interval gives only a floor, and a
    // fresh one starts here.
    if (!anchor || backlog <= 0) {
      const elapsed = anchor ? now - anchor.at : 0;
      if (anchor && elapsed >= MIN_INTERVAL_MS && out > anchor.out)
        this.floors.note((out - anchor.out) / elapsed, now);
      this.anchor = { at: now, out };
      return;
    }
    const elapsed = now - anchor.at;
    if (elapsed < MIN_INTERVAL_MS) return;
    const sample = (out - anchor.out) / elapsed;
    this.anchor = { at: now, out };
    // Nothing left although the links were busy: a glitch (a link closed), not a rate of 0.
    if (sample <= 0) return;
    this.measured = this.fresh ? this.measured * (1 - WEIGHT) + sample * WEIGHT : sample;
    this.samples += 1;
    this.sampledAt = now;
    this.peaks.note(this.measured, now);
  }

  /**
   * Bytes per ms to pace the links by (how much they may hold): the admitted rate when known,
   * or the floor the links were lately seen to empty at if higher; 0 with neither.
   */
  get pacingBytesPerMs(): number {
    const floor = Number.isFinite(this.cap) ? 0 : this.floors.value(this.lastAt);
    return Math.max(this.known ? this.bytesPerMs : 0, floor);
  }

  /** Nothing waits for the uplink any more: the links may idle, so the interval ends here. */
  interrupt(): void {
    this.anchor = null;
  }

  /** True while the rate is freshly measured, or configured. */
  get known(): boolean {
    return this.fresh || Number.isFinite(this.cap);
  }

  /**
   * What peers should count on, bytes per ms: the cap if configured, else the highest rate
   * measured within the last STALE_MS (a measurement is a lower bound: an interval in which the
   * page was starved of CPU measures the CPU, not the uplink), or null if none is that recent.
   */
  peakBytesPerMs(now: number): number | null {
    if (Number.isFinite(this.cap)) return this.cap;
    const peak = this.peaks.value(now);
    return peak > 0 ? peak : null;
  }

  /**
   * Bytes per ms to admit requests by (the cap, or Infinity, while not measured): the highest
   * rate measured lately, as told to peers. A sample is a lower bound (an interval in which the
   * page was starved of CPU measures the CPU), so a dip must not make the uplink refuse what it
   * sent a moment ago. In the simulator, whose samples are exact, it changes little (seed 1:
   * small-mixed 0.2861 -> 0.2851 of CDN-only, small-uniform 0.5536 -> 0.5528, ladder 0.3511 ->
   * 0.3528); in the browser no clear change was measured (BENCHMARKS.md, 2026-12-07, third).
   */
  get bytesPerMs(): number {
    if (!this.fresh) return this.cap;
    const peak = Math.max(this.measured, this.peaks.value(this.lastAt));
    return Math.min(Math.max(peak, 1e-6), this.cap);
  }

  private get fresh(): boolean {
    return this.samples > 0 && this.lastAt - this.sampledAt <= STALE_MS;
  }
}
