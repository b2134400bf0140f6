import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusyRatio } from './busy-ratio.ts';

describe('BusyRatio', () => {
  it('is 0 before anything was asked', () => {
    expect(new BusyRatio().ratio(1000)).toBe(0);
  });

  it('is the refused share of what was asked at one instant', () => {
    const r = new BusyRatio();
    r.requested(10, 0);
    r.busy(3, 0);
    expect(r.ratio(0)).toBeCloseTo(0.3);
  });

  it('lets old refusals fade behind new requests that are served', () => {
    const r = new BusyRatio();
    r.requested(10, 0);
    r.busy(10, 0);
    r.requested(10, 20_000); // two half-lives later: the old counts weigh a quarter
    expect(r.ratio(20_000)).toBeCloseTo(2.5 / 12.5);
  });

  it('stays within [0, 1] whatever the order of events', () => {
    const event = fc.record({
      kind: fc.constantFrom('requested', 'busy'),
      count: fc.integer({ min: 0, max: 50 }),
      dt: fc.integer({ min: 0, max: 30_000 }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const r = new BusyRatio();
        let now = 0;
        for (const e of events) {
          now += e.dt;
          if (e.kind === 'requested') r.requested(e.count, now);
          else r.busy(e.count, now);
          const value = r.ratio(now);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
