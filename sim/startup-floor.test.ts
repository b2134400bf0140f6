import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startupFloor, summarize } from './metrics.ts';
import { SCENARIOS } from './scenarios.ts';
import { World } from './world.ts';

describe('start-up floor', () => {
  it('adds each forced first segment to one copy of every other segment', () => {
    // 10 viewers started on 2 distinct segments of 100 B; 50 segments played in all.
    expect(
      startupFloor({
        demand: 50_000,
        capacity: 1e9,
        unique: 5_000,
        forcedFirst: 1_000,
        forcedFirstUnique: 200,
      }),
    ).toBe(1_000 + 4_800);
  });

  it('is the capacity bound where uploads are short', () => {
    expect(
      startupFloor({
        demand: 50_000,
        capacity: 20_000,
        unique: 5_000,
        forcedFirst: 1_000,
        forcedFirstUnique: 200,
      }),
    ).toBe(30_000);
  });

  it('never falls below the physical bound', () => {
    const sums = fc
      .record({
        demand: fc.nat(1e9),
        capacity: fc.nat(1e9),
        unique: fc.nat(1e6),
        forcedFirst: fc.nat(1e6),
        uniqueShare: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ uniqueShare, ...s }) => {
        // Forced first segments are among the segments played, each at least once.
        const forcedFirstUnique = Math.floor(Math.min(s.unique, s.forcedFirst) * uniqueShare);
        return { ...s, forcedFirstUnique };
      });
    fc.assert(
      fc.property(sums, (s) => {
        expect(startupFloor(s)).toBeGreaterThanOrEqual(Math.max(s.unique, s.demand - s.capacity));
      }),
    );
  });

  it('lies between the bound and what a real run took from the origin', async () => {
    const world = await World.create({
      scenario: SCENARIOS.flash!,
      strategy: 'shoal',
      viewers: 12,
      seed: 2,
      durationMs: 60_000,
      scale: 256,
      maxPeers: 6,
    });
    await world.run();
    const s = summarize(world, 0);
    // Every viewer starts in under 0.5 s, before a link can open: each first segment is forced.
    const started = world.viewers.filter((v) => v.player.stats.startupMs !== null);
    expect(started.length).toBe(12);
    expect(s.raw.forcedFirstBytes).toBe(12 * world.streams.get(0)!.renditions[0]!.segmentBytes);
    expect(s.floorRatio).toBeGreaterThan(s.boundRatio);
    expect(s.originRatio).toBeGreaterThanOrEqual(s.floorRatio);
  }, 30_000);
});
