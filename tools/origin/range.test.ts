import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRange } from './range.ts';

describe('parseRange', () => {
  it('reads first, last, open-ended and suffix ranges', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'single', start: 0, end: 99 });
    expect(parseRange('bytes=900-999', 1000)).toEqual({ kind: 'single', start: 900, end: 999 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'single', start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'single', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'single', start: 0, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ kind: 'single', start: 990, end: 999 });
  });

  it('has no range without a header', () => {
    expect(parseRange(undefined, 10)).toEqual({ kind: 'none' });
  });

  it('refuses unsatisfiable and malformed ranges', () => {
    for (const header of [
      'bytes=1000-',
      'bytes=1000-1001',
      'bytes=-0',
      'bytes=5-2',
      'bytes=a-b',
      'items=0-1',
      'bytes=-',
    ]) {
      expect(parseRange(header, 1000).kind, header).toBe('unsatisfiable');
    }
    expect(parseRange('bytes=0-0', 0).kind).toBe('unsatisfiable');
  });

  it('answers several ranges with the whole file unless none fits', () => {
    expect(parseRange('bytes=0-1, 5-6', 10)).toEqual({ kind: 'multiple' });
    expect(parseRange('bytes=0-1,50-60', 10)).toEqual({ kind: 'multiple' });
    expect(parseRange('bytes=20-30,50-60', 10).kind).toBe('unsatisfiable');
  });

  it('returns exactly the asked bytes for any range inside the file (property)', () => {
    const sizeAndRange = fc
      .integer({ min: 1, max: 1 << 30 })
      .chain((size) =>
        fc.tuple(
          fc.constant(size),
          fc.integer({ min: 0, max: size - 1 }),
          fc.integer({ min: 0, max: size - 1 }),
        ),
      );
    fc.assert(
      fc.property(sizeAndRange, ([size, a, b]) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        expect(parseRange(`bytes=${start}-${end}`, size)).toEqual({ kind: 'single', start, end });
      }),
    );
  });

  it('keeps every result inside the file, whatever the header (property)', () => {
    const header = fc.oneof(
      fc.string(),
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `bytes=${a}-${b}`),
      fc.nat().map((n) => `bytes=-${n}`),
      fc.nat().map((n) => `bytes=${n}-`),
    );
    fc.assert(
      fc.property(header, fc.nat({ max: 10_000 }), (text, size) => {
        const range = parseRange(text, size);
        if (range.kind === 'single') {
          expect(range.start).toBeGreaterThanOrEqual(0);
          expect(range.end).toBeGreaterThanOrEqual(range.start);
          expect(range.end).toBeLessThan(size);
        }
      }),
    );
  });
});
