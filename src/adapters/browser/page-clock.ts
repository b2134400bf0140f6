import type { Clock } from '../../core/ports.ts';

/** The page's monotonic clock; the same time base as hls.js's loader stats. */
export const pageClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
};

/** Absolute URL of `ref` against `base`. */
export function resolveUrl(base: string, ref: string): string {
  return new URL(ref, base).href;
}
