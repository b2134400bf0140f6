// When the player will want a segment it has not asked for yet. A prefetch has no deadline of
// its own, but at steady playback the player's deadlines grow by one segment's duration per
// sequence number, so the next ones can be read off the last few. The forecast only tightens
// what a prefetch's peer requests say about when they stop being useful (an uploader then
// serves or refuses them as it would the player's own request); it never moves the origin
// fallback.

import type { SegmentRef } from '../protocol/messages.ts';

/** Weight of the newest step in the running mean (segment durations vary a little). */
const STEP_WEIGHT = 0.3;
/**
 * A player that has asked for nothing for this many segment durations has stopped (paused,
 * buffer full, seeking): its last deadlines say nothing of the next.
 */
const STALE_STEPS = 3;
/** ...counted as at least this long, so a step measured near 0 does not make it stale at once. */
const MIN_STALE_STEP_MS = 1000;

export class DeadlineForecast {
  private last: { rendition: number; sequence: number; at: number; seenAt: number } | null = null;
  /** Ms between the deadlines of consecutive segments; null until two have been seen. */
  private step: number | null = null;

  /** At clock time `now`, the player asked for `ref` by clock time `deadlineAt`. */
  observe(ref: SegmentRef, deadlineAt: number, now: number): void {
    const last = this.last;
    if (last && last.rendition === ref.rendition && ref.sequence === last.sequence + 1) {
      const step = Math.max(deadlineAt - last.at, 0);
      this.step = this.step === null ? step : this.step + STEP_WEIGHT * (step - this.step);
    } else if (last && ref.sequence <= last.sequence && last.rendition === ref.rendition) {
      // A seek back (or a reload) restarts the count; a switch of rendition keeps the step.
      this.step = null;
    }
    this.last = { rendition: ref.rendition, sequence: ref.sequence, at: deadlineAt, seenAt: now };
  }

  /** The clock time by which the player will likely want `ref`; Infinity when unknown. */
  predict(ref: SegmentRef, now: number): number {
    const { last, step } = this;
    if (!last || step === null || last.rendition !== ref.rendition || ref.sequence <= last.sequence)
      return Number.POSITIVE_INFINITY;
    if (now - last.seenAt > STALE_STEPS * Math.max(step, MIN_STALE_STEP_MS)) return Number.POSITIVE_INFINITY;
    return last.at + (ref.sequence - last.sequence) * step;
  }
}
