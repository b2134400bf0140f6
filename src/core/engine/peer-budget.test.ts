import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peerBudget } from './peer-budget.ts';

const config = { maxPeers: 12, strongUplinkMaxPeers: 24 };
/** Peers uploading about a third of a 1 Mbit/s stream, in bytes per second. */
const weak = [40_000, 45_000, 30_000, 50_000, 42_000];

describe('peerBudget', () => {
  it('a strong uplink among weak ones takes more peers', () => {
    expect(peerBudget(config, 600_000, weak, 12)).toBe(24);
  });

  it('an uplink like its peers keeps the usual number, and falls back to it', () => {
    expect(peerBudget(config, 45_000, weak, 12)).toBe(12);
    expect(peerBudget(config, 45_000, weak, 24)).toBe(12);
  });

  it('between the two thresholds the limit in force stays (no flapping on a noisy rate)', () => {
    // 2x the median (42 kB/s): below the 3x to rise, above the 1.5x to fall.
    expect(peerBudget(config, 84_000, weak, 12)).toBe(12);
    expect(peerBudget(config, 84_000, weak, 24)).toBe(24);
  });

  it('peers that do not upload count as weak; unknown ones are not compared with', () => {
    expect(peerBudget(config, 200_000, [0, 0, 0, 0, null, null], 12)).toBe(24);
    expect(peerBudget(config, 600_000, [40_000, null, null, null, null], 12)).toBe(12);
  });

  it('no measured uplink, or not uploading, keeps the usual number', () => {
    expect(peerBudget(config, null, weak, 24)).toBe(12);
    expect(peerBudget(config, 0, weak, 24)).toBe(12);
  });

  it('off when the strong limit is not above maxPeers', () => {
    expect(peerBudget({ maxPeers: 12, strongUplinkMaxPeers: 0 }, 600_000, weak, 12)).toBe(12);
    expect(peerBudget({ maxPeers: 12, strongUplinkMaxPeers: 8 }, 600_000, weak, 12)).toBe(12);
  });

  it('is one of the two limits (or the current), and never lower for a stronger uplink', () => {
    const rate = fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(rate, { maxLength: 30 }),
        fc.constantFrom(12, 24),
        (a, b, peers, current) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const atLow = peerBudget(config, low, peers, current);
          const atHigh = peerBudget(config, high, peers, current);
          expect([12, 24]).toContain(atLow);
          expect(atHigh).toBeGreaterThanOrEqual(atLow);
        },
      ),
    );
  });
});
