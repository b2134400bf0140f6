// The engine against a slow origin, in virtual time: what the player gets, and when.

import { beforeAll, describe, expect, it } from 'vitest';
import type { ErasureCoder } from '../coding/coder.ts';
import { createErasureCoder } from '../coding/index.ts';
import { load, loadTogether, setupEngineTest, start } from '../testing/engine-setup.ts';
import { createTestViewer, type TestViewer } from '../testing/viewer.ts';

let coder: ErasureCoder;
beforeAll(async () => {
  coder = await createErasureCoder({ prefer: 'ts' });
});

/** 25 KB/s after 200 ms: a ~100 KB segment takes ~4.2 s, longer than a 4 s deadline. */
const SLOW = { latencyMs: 200, rate: 25 };
/** Far enough from what b asks first that b does not prefetch it. */
const LATER = 9;

/** Viewers a and b on a slow origin; b has measured it on segment 0, which nobody else has. */
async function slowSwarm() {
  const t = setupEngineTest(coder, { count: 12 });
  Object.assign(t.origin, SLOW);
  const a = createTestViewer('a', t.env);
  const b = createTestViewer('b', t.env);
  await start(a, t.stream, t.clock);
  await start(b, t.stream, t.clock);
  await load(b, t.stream, 0, t.clock, 10_000);
  return { ...t, a, b };
}

function originFetches(viewer: TestViewer, now: () => number) {
  const fetches: Array<{ at: number; reason: string; indices: readonly number[] }> = [];
  viewer.engine.events.on('origin-fetch', (e) => fetches.push({ at: now(), ...e }));
  return fetches;
}

describe('Engine with a slow origin', () => {
  it('takes a segment peers hold from them, in time, although the origin could not make it', async () => {
    const { clock, origin, stream, a, b } = await slowSwarm();
    await load(a, stream, LATER, clock, 10_000);
    await clock.advance(200);
    const before = origin.segmentBytes;
    const fetches = originFetches(b, () => clock.now());
    const t0 = clock.now();
    const [result] = await loadTogether([b], stream, LATER, clock, 4000, 0);
    expect(result?.data).toEqual(stream.segments[LATER]!.data);
    expect(clock.now() - t0).toBeLessThan(4000 - 1200);
    expect(origin.segmentBytes).toBe(before);
    expect(fetches).toEqual([]);
  });

  it('goes to the origin at once when no peer holds the segment, and delivers it whole', async () => {
    const { clock, stream, b } = await slowSwarm();
    const fetches = originFetches(b, () => clock.now());
    const t0 = clock.now();
    const [result] = await loadTogether([b], stream, 1, clock, 4000, 2000);
    expect(result?.data).toEqual(stream.segments[1]!.data);
    // One request for all the data shards (the deadline alone already calls for the origin).
    const dataShards = [...Array(stream.manifest.segments[1]!.params.k).keys()];
    expect(fetches.map((f) => [f.reason, f.indices])).toEqual([['deadline', dataShards]]);
    expect(fetches[0]!.at - t0).toBeLessThan(50);
    // The origin alone sets the pace: about its own 4.2 s, no waiting for peers before it.
    expect(clock.now() - t0).toBeLessThan(4200 + 300);
  });

  it('falls back early enough, by the measured origin rate, when the only holder goes silent', async () => {
    const { clock, hub, stream, a, b } = await slowSwarm();
    await load(a, stream, LATER, clock, 10_000);
    await clock.advance(200);
    for (const link of hub.linksFrom('a')) link.tamper = () => null;
    const fetches = originFetches(b, () => clock.now());
    const t0 = clock.now();
    // With the 2 MB/s guess the origin would be asked ~1 s before the deadline, or when the
    // request times out (2.5 s): either way ~4.2 s more, past 6 s.
    const [result] = await loadTogether([b], stream, LATER, clock, 6000, 0);
    expect(result?.data).toEqual(stream.segments[LATER]!.data);
    expect(clock.now() - t0).toBeLessThanOrEqual(6000);
    expect(fetches.map((f) => f.reason)).toEqual(['deadline']);
    expect(fetches[0]!.at - t0).toBeLessThan(6000 - 1200 - 4000);
  });
});
