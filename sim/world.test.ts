import { describe, expect, it } from 'vitest';
import { type RunSummary, summarize } from './metrics.ts';
import { SCENARIOS } from './scenarios.ts';
import { World } from './world.ts';

async function run(
  seed: number,
  strategy: 'shoal' | 'whole' | 'cdn' = 'shoal',
): Promise<{ world: World; s: RunSummary }> {
  const world = await World.create({
    scenario: SCENARIOS.flash!,
    strategy,
    viewers: 8,
    seed,
    durationMs: 30_000,
    scale: 256,
    maxPeers: 6,
  });
  await world.run();
  return { world, s: summarize(world, 0) };
}

/** The summary without what depends on the machine. */
function portable(s: RunSummary): Omit<RunSummary, 'wallS' | 'peakRssMB'> {
  const { wallS: _w, peakRssMB: _m, ...rest } = s;
  return rest;
}

describe('simulated swarm', () => {
  it('conserves bytes and delivers no frame before it could have been sent', async () => {
    const { world, s } = await run(3);
    const net = world.netMeter;
    expect(net.framesSent).toBeGreaterThan(100);
    expect(net.bytesSent).toBeGreaterThanOrEqual(net.bytesDelivered + net.bytesLost);
    expect(s.invariants.earlyArrivals).toBe(0);
    // What engines say they uploaded reached a peer, or is lost or still in flight.
    const uploaded = world.viewers.reduce((n, v) => n + (v.bytes?.upload ?? 0), 0) * 256;
    expect(uploaded).toBeLessThanOrEqual(net.bytesSent);
    // Every byte a player played came from the origin or from peers; the origin meter saw
    // every byte engines say they took from it.
    const fromOrigin = world.viewers.reduce((n, v) => n + (v.bytes?.origin ?? 0), 0) * 256;
    const fromPeers = world.viewers.reduce((n, v) => n + (v.bytes?.peers ?? 0), 0) * 256;
    expect(fromOrigin + fromPeers).toBeGreaterThanOrEqual(s.demandBytes);
    expect(s.originBytes).toBeGreaterThanOrEqual(fromOrigin);
    expect(fromPeers).toBeLessThanOrEqual(net.bytesDelivered);
    expect(s.p2pShare).toBeGreaterThan(0);
  }, 30_000);

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await run(5);
    const b = await run(5);
    expect(portable(a.s)).toEqual(portable(b.s));
    const c = await run(6);
    expect(portable(c.s)).not.toEqual(portable(a.s));
  }, 30_000);

  it('CDN-only sends exactly the played bytes (plus in-flight loads) from the origin', async () => {
    const { s } = await run(3, 'cdn');
    expect(s.p2pShare).toBe(0);
    expect(s.originRatio).toBeGreaterThanOrEqual(1);
    expect(s.originRatio).toBeLessThan(1.1);
  }, 30_000);

  it('viewers with a strong uplink among weak ones link to more peers; the others keep maxPeers', async () => {
    const links = async (strongUplinkMaxPeers: number) => {
      const world = await World.create({
        scenario: SCENARIOS['small-mixed']!,
        strategy: 'shoal',
        viewers: 40,
        seed: 1,
        durationMs: 60_000,
        scale: 256,
        maxPeers: 6,
        engine: { liveSplitByUplink: true, strongUplinkMaxPeers },
      });
      await world.run();
      // The scenario's uploads: 80 % of viewers below 0.5 Mbit/s, the rest 3.9-5.9 (1 Mbit/s stream).
      const strong = (v: World['viewers'][number]) => v.profile.upBps > 2_000_000;
      return {
        strong: world.viewers.filter(strong).map((v) => v.node.links.size),
        weak: world.viewers.filter((v) => !strong(v)).map((v) => v.node.links.size),
      };
    };
    const raised = await links(12);
    expect(Math.max(...raised.strong)).toBeGreaterThan(6);
    expect(Math.max(...raised.weak)).toBeLessThanOrEqual(6);
    const off = await links(0);
    expect(Math.max(...off.strong, ...off.weak)).toBeLessThanOrEqual(6);
  }, 30_000);
});
