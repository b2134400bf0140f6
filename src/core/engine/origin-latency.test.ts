import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OriginLatency } from './origin-latency.ts';

function answeredAll(latency: OriginLatency, samples: readonly number[]): void {
  for (const sample of samples) latency.answered(latency.started(0), sample);
}

describe('OriginLatency', () => {
  it('plans for 150 ms plus four deviations of 75 ms before any answer', () => {
    expect(new OriginLatency().planMs(0)).toBe(450);
  });

  it('narrows to a steady origin: 40 ms answers leave a plan close to 40 ms', () => {
    const latency = new OriginLatency();
    answeredAll(latency, Array(30).fill(40));
    expect(latency.planMs(0)).toBeGreaterThanOrEqual(40);
    expect(latency.planMs(0)).toBeLessThan(45);
  });

  it('widens at once after a slow answer, and narrows again as steady answers follow', () => {
    const latency = new OriginLatency();
    answeredAll(latency, Array(30).fill(40));
    answeredAll(latency, [1500]);
    const widened = latency.planMs(0);
    // One deviation gain (1/4) of a 1.46 s miss, four times over: the next spike of its size fits.
    expect(widened).toBeGreaterThan(1500);
    answeredAll(latency, Array(5).fill(40));
    const narrower = latency.planMs(0);
    expect(narrower).toBeLessThan(widened);
    expect(narrower).toBeGreaterThan(300);
    answeredAll(latency, Array(40).fill(40));
    expect(latency.planMs(0)).toBeLessThan(50);
  });

  it('counts a request still unanswered: the origin is at least that slow now', () => {
    const latency = new OriginLatency();
    answeredAll(latency, Array(30).fill(40));
    const token = latency.started(1000);
    expect(latency.planMs(3000)).toBe(2000);
    latency.answered(token, 2100);
    // Answered: the in-flight bound is gone, and the slow answer widened the estimate instead.
    expect(latency.planMs(3000)).toBeGreaterThan(2000);
  });

  it('learns nothing from a failed request but stops counting it as in flight', () => {
    const latency = new OriginLatency();
    answeredAll(latency, Array(30).fill(40));
    const before = latency.planMs(0);
    latency.answered(latency.started(0), null);
    expect(latency.planMs(10_000)).toBe(before);
  });

  it('never plans for less than the mean of recent answers, whatever they were', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 60 }),
        (samples) => {
          const latency = new OriginLatency();
          answeredAll(latency, samples);
          const last = samples.at(-1)!;
          // The mean moves 30 % of the way to each sample: never below 30 % of the last one.
          expect(latency.planMs(0)).toBeGreaterThanOrEqual(0.3 * last);
          expect(Number.isFinite(latency.planMs(0))).toBe(true);
        },
      ),
    );
  });
});
