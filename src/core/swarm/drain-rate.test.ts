import { describe, expect, it } from 'vitest';
import { DrainRate } from './drain-rate.ts';

describe('DrainRate', () => {
  it('is unknown until a busy interval was seen, or a cap configured', () => {
    expect(new DrainRate().known).toBe(false);
    expect(new DrainRate().bytesPerMs).toBe(Number.POSITIVE_INFINITY);
    expect(new DrainRate(5).known).toBe(true);
    expect(new DrainRate(5).bytesPerMs).toBe(5);
  });

  it('measures what left the links over intervals in which they stayed busy', () => {
    const rate = new DrainRate();
    rate.observe(0, 1000, 1000); // 1000 bytes handed, all buffered
    rate.observe(100, 1000, 500); // 500 left in 100 ms
    expect(rate.bytesPerMs).toBeCloseTo(5);
    expect(rate.known).toBe(true);
  });

  it('ignores an interval in which the links ran empty (they may have idled)', () => {
    const rate = new DrainRate();
    rate.observe(0, 1000, 1000);
    rate.observe(1000, 1000, 0); // empty: 1000 bytes in 1 s says nothing of the rate
    expect(rate.known).toBe(false);
    rate.observe(1000, 2000, 1000);
    rate.observe(1050, 2000, 500);
    expect(rate.bytesPerMs).toBeCloseTo(10);
  });

  it('takes a run to empty links as a floor to pace by, not as the rate', () => {
    const rate = new DrainRate();
    rate.observe(0, 1000, 1000);
    rate.observe(10, 1000, 0); // under 20 ms: no figure at all
    expect(rate.pacingBytesPerMs).toBe(0);
    rate.observe(10, 3000, 2000);
    rate.observe(50, 3000, 0); // 2000 bytes left within 40 ms: at least 50 per ms
    expect(rate.known).toBe(false);
    expect(rate.peakBytesPerMs(50)).toBeNull();
    expect(rate.pacingBytesPerMs).toBeCloseTo(50);
    // A measured rate below the floor does not pace slower; the admitted rate stays measured.
    rate.observe(50, 4000, 1000);
    rate.observe(150, 4000, 500);
    expect(rate.bytesPerMs).toBeCloseTo(5);
    expect(rate.pacingBytesPerMs).toBeCloseTo(50);
    // Forgotten as measurements are.
    rate.observe(20_200, 4000, 0, false);
    expect(rate.pacingBytesPerMs).toBe(0);
  });

  it('never reports more than the configured cap', () => {
    const rate = new DrainRate(2);
    rate.observe(0, 1000, 1000);
    rate.observe(100, 1000, 0 + 1);
    expect(rate.bytesPerMs).toBe(2);
  });
});

describe('DrainRate against idle links and stale figures', () => {
  it('takes no sample across an interrupt: the links may have idled, so it measured the demand', () => {
    const rate = new DrainRate();
    rate.observe(0, 1000, 1000);
    rate.interrupt(); // the queue ran empty
    rate.observe(1000, 1000, 1); // 999 bytes in 1 s: says nothing of the uplink
    expect(rate.known).toBe(false);
  });

  it('takes no sample over an interval in which nothing waited, whatever the links held', () => {
    const rate = new DrainRate();
    rate.observe(0, 1000, 500, false); // one link holds 500 bytes; nothing is queued
    rate.observe(1000, 1000, 490, false); // 10 bytes in 1 s: a stuck link, not the uplink
    expect(rate.known).toBe(false);
    rate.observe(1000, 2000, 1490, true); // requests wait from here
    rate.observe(1100, 2000, 990, true);
    expect(rate.bytesPerMs).toBeCloseTo(5);
  });

  it('forgets a rate no saturated interval has confirmed for a while', () => {
    const rate = new DrainRate();
    rate.observe(0, 1000, 1000);
    rate.observe(100, 1000, 500);
    expect(rate.bytesPerMs).toBeCloseTo(5);
    rate.interrupt();
    rate.observe(20_000, 1000, 0);
    expect(rate.known).toBe(false);
    expect(rate.bytesPerMs).toBe(Number.POSITIVE_INFINITY);
    expect(new DrainRate(3).bytesPerMs).toBe(3);
  });

  it('tells peers the highest rate measured in the last 10 s, and the cap over any measurement', () => {
    const rate = new DrainRate();
    expect(rate.peakBytesPerMs(0)).toBeNull();
    rate.observe(0, 1000, 1000);
    rate.observe(100, 1000, 500); // 5 bytes/ms
    rate.observe(200, 1100, 500); // 1 byte/ms: the EWMA falls to 3.8, the peak stays
    expect(rate.peakBytesPerMs(200)).toBeCloseTo(5);
    // Admission counts on the peak too: a dip (a CPU-starved interval) does not refuse.
    expect(rate.bytesPerMs).toBeCloseTo(5);
    expect(rate.peakBytesPerMs(9_000)).toBeCloseTo(5);
    // Nothing measured for over 10 s: no figure to tell.
    expect(rate.peakBytesPerMs(15_000)).toBeNull();
    expect(new DrainRate(3).peakBytesPerMs(0)).toBe(3);
  });
});
