import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteSource, p2pShare, RateSeries } from './rate-series.ts';

describe('RateSeries', () => {
  it('sums bytes per second by source and leaves out the running second', () => {
    const series = new RateSeries(3);
    series.add('origin', 100, 10_000);
    series.add('origin', 50, 10_999);
    series.add('peers', 300, 11_200);
    series.add('upload', 70, 11_900);
    series.add('peers', 999, 13_100); // running second at now = 13.5 s
    const w = series.window(13_500);
    expect(w.seconds).toEqual([10, 11, 12]);
    expect(w.origin).toEqual([150, 0, 0]);
    expect(w.peers).toEqual([0, 300, 0]);
    expect(w.upload).toEqual([0, 70, 0]);
    expect(w.share).toEqual([0, 1, null]);
    expect(w.cumulativeShare).toEqual([0, 300 / 450, 300 / 450]);
  });

  it('keeps the cumulative share exact after buckets slide out of the window', () => {
    const series = new RateSeries(2);
    series.add('peers', 100, 1_000);
    series.add('origin', 300, 2_000);
    series.add('peers', 600, 5_000);
    const w = series.window(7_000);
    expect(w.seconds).toEqual([5, 6]);
    expect(w.peers).toEqual([600, 0]);
    expect(w.cumulativeShare).toEqual([0.7, 0.7]);
  });

  it('has the window length and totals of the bytes added in it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('origin', 'peers', 'upload' as const), fc.nat(1e6), fc.nat(59_999)),
        ),
        fc.integer({ min: 1, max: 120 }),
        (adds, windowSeconds) => {
          const series = new RateSeries(windowSeconds);
          for (const [source, bytes, t] of adds) series.add(source, bytes, t);
          const now = 60_000;
          const w = series.window(now);
          expect(w.seconds.length).toBe(windowSeconds);
          const from = (60 - windowSeconds) * 1000;
          for (const source of ['origin', 'peers', 'upload'] as const) {
            const expected = adds
              .filter(([s, , t]) => s === source && t >= from)
              .reduce((n, [, b]) => n + b, 0);
            expect(w[source].reduce((a, b) => a + b, 0)).toBe(expected);
          }
          for (const share of [...w.share, ...w.cumulativeShare]) {
            if (share !== null) expect(share >= 0 && share <= 1).toBe(true);
          }
        },
      ),
    );
  });
});

describe('p2pShare and byteSource', () => {
  it('is null before any byte and peers over delivered after', () => {
    expect(p2pShare(0, 0)).toBeNull();
    expect(p2pShare(100, 300)).toBe(0.75);
  });

  it('counts pass-through as origin bytes', () => {
    expect(byteSource('pass-through')).toBe('origin');
    expect(byteSource('origin')).toBe('origin');
    expect(byteSource('peer')).toBe('peers');
    expect(byteSource('upload')).toBe('upload');
  });
});
