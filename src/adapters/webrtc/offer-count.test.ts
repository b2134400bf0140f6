import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countDisagrees, type LinkCounts, offerCount } from './offer-count.ts';

const counts = (over: Partial<LinkCounts>): LinkCounts => ({
  viewers: 4,
  linked: 0,
  offersOut: 0,
  room: 12,
  scraped: false,
  ...over,
});

describe('offerCount', () => {
  it('offers one per other viewer not linked, none when alone, a full batch when not told', () => {
    expect(offerCount(counts({ viewers: 1 }), 5)).toBe(0);
    expect(offerCount(counts({ viewers: 4, linked: 1, offersOut: 1 }), 5)).toBe(1);
    expect(offerCount(counts({ viewers: null }), 5)).toBe(5);
    expect(offerCount(counts({ viewers: 2, scraped: true }), 5)).toBe(2);
    // Every other viewer, linked or not, when the tracker must reach an unlinked one.
    expect(offerCount(counts({ viewers: 4, linked: 2 }), 5, true)).toBe(3);
  });

  it('never exceeds the batch or the pool room, and reaching all never offers fewer', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 24 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        (viewers, linked, offersOut, room, scraped, perAnnounce) => {
          const c = { viewers, linked, offersOut, room, scraped };
          const n = offerCount(c, perAnnounce);
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThanOrEqual(Math.max(0, Math.min(perAnnounce, room - offersOut)));
          expect(offerCount(c, perAnnounce, true)).toBeGreaterThanOrEqual(n);
        },
      ),
    );
  });
});

describe('countDisagrees', () => {
  it('only with room and a count that our links and offers do not match', () => {
    expect(countDisagrees(counts({ viewers: 4, linked: 3 }))).toBe(false);
    expect(countDisagrees(counts({ viewers: 4, linked: 2, offersOut: 1 }))).toBe(false);
    expect(countDisagrees(counts({ viewers: 4, linked: 2 }))).toBe(true); // someone unlinked
    expect(countDisagrees(counts({ viewers: 2, linked: 3 }))).toBe(true); // a stale count
    expect(countDisagrees(counts({ viewers: 4, linked: 2, room: 0 }))).toBe(false);
    expect(countDisagrees(counts({ viewers: null }))).toBe(false);
  });
});
