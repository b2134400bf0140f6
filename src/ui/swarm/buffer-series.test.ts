import { describe, expect, it } from 'vitest';
import { BufferSeries } from './buffer-series.ts';

describe('BufferSeries', () => {
  it('keeps the last level per second and marks the second a stall began', () => {
    const series = new BufferSeries(4);
    series.sample(10_000, { bufferAhead: 3, stalls: 2 }); // baseline: old stalls are not marked
    series.sample(10_500, { bufferAhead: 4, stalls: 2 });
    series.sample(12_200, { bufferAhead: 0, stalls: 3 });
    series.sample(13_100, { bufferAhead: 1.5, stalls: 3 });
    const w = series.window(13_400);
    expect(w.seconds).toEqual([10, 11, 12, 13]);
    expect(w.buffer).toEqual([4, null, 0, 1.5]);
    expect(w.stallMarks).toEqual([null, null, 0, null]);
    expect(w.stallsInWindow).toBe(1);
  });

  it('forgets seconds that slid out of the window', () => {
    const series = new BufferSeries(2);
    series.sample(1_000, { bufferAhead: 5, stalls: 0 });
    series.sample(1_100, { bufferAhead: 5, stalls: 1 });
    const w = series.window(9_000);
    expect(w.buffer).toEqual([null, null]);
    expect(w.stallsInWindow).toBe(0);
  });
});
