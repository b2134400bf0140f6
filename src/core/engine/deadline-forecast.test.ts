import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineForecast } from './deadline-forecast.ts';

const ref = (sequence: number, rendition = 0) => ({ rendition, sequence });

describe('DeadlineForecast', () => {
  it('knows nothing before two consecutive requests of one rendition', () => {
    const f = new DeadlineForecast();
    expect(f.predict(ref(2), 0)).toBe(Number.POSITIVE_INFINITY);
    f.observe(ref(1), 1000, 0);
    expect(f.predict(ref(2), 0)).toBe(Number.POSITIVE_INFINITY);
    f.observe(ref(3), 5000, 0); // a jump says nothing of one segment's duration
    expect(f.predict(ref(4), 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads steady playback off the deadlines: exact for segments of one duration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        (start, durationMs, requests, ahead) => {
          const f = new DeadlineForecast();
          for (let s = 0; s < requests; s++) f.observe(ref(s), start + s * durationMs, s * durationMs);
          const now = (requests - 1) * durationMs;
          const last = requests - 1;
          expect(f.predict(ref(last + ahead), now)).toBeCloseTo(start + (last + ahead) * durationMs, 6);
          // Segments asked for already, or of another rendition, are not forecast.
          expect(f.predict(ref(last), now)).toBe(Number.POSITIVE_INFINITY);
          expect(f.predict(ref(last + ahead, 1), now)).toBe(Number.POSITIVE_INFINITY);
        },
      ),
    );
  });

  it('follows a change of duration gradually, never forecasting a deadline before the last', () => {
    const f = new DeadlineForecast();
    for (let s = 0; s < 10; s++) f.observe(ref(s), s * 2000, 0);
    f.observe(ref(10), 19_000, 0); // the player caught up a second (a shorter segment, a jump)
    const next = f.predict(ref(11), 0);
    expect(next).toBeGreaterThan(19_000 + 1000);
    expect(next).toBeLessThan(19_000 + 2000);
    f.observe(ref(11), 18_000, 0); // deadlines never run backwards in steady playback: step 0, not < 0
    expect(f.predict(ref(12), 0)).toBeGreaterThanOrEqual(18_000);
  });

  it('forgets the step on a seek back, keeps it across a switch of rendition', () => {
    const f = new DeadlineForecast();
    for (let s = 0; s < 5; s++) f.observe(ref(s), s * 2000, 0);
    f.observe(ref(5, 1), 10_000, 0); // level switch
    expect(f.predict(ref(6, 1), 0)).toBe(12_000);
    f.observe(ref(2, 1), 20_000, 0); // seek back
    expect(f.predict(ref(3, 1), 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('says nothing once the player has stopped asking for three segment durations (paused)', () => {
    const f = new DeadlineForecast();
    for (let s = 0; s < 5; s++) f.observe(ref(s), 6000 + s * 2000, s * 2000);
    expect(f.predict(ref(5), 8000 + 6000)).toBe(16_000);
    expect(f.predict(ref(5), 8000 + 6001)).toBe(Number.POSITIVE_INFINITY);
  });
});
