// The origin client's planned fetch time against a virtual origin whose latency changes.

import { describe, expect, it } from 'vitest';
import type { SegmentInfo } from '../content/segment-info.ts';
import { FakeOrigin } from '../testing/fake-origin.ts';
import { VirtualClock } from '../testing/virtual-clock.ts';
import { OriginClient } from './origin-client.ts';

const URL = 'https://cdn.example/seg.ts';
const info = { url: URL, byteRange: null } as unknown as SegmentInfo;

function setup() {
  const clock = new VirtualClock();
  const origin = new FakeOrigin(clock);
  origin.files.set(URL, new Uint8Array(10_000));
  origin.latencyMs = 40;
  const client = new OriginClient(origin, clock, () => undefined);
  const fetchOnce = async () => {
    const done = client.segmentBytes(info, { start: 0, end: 999 });
    await clock.advance(origin.latencyMs + 10);
    await done;
  };
  return { clock, origin, client, fetchOnce };
}

describe('OriginClient', () => {
  it('plans close to the latency of a steady origin, and far above it right after a slow answer', async () => {
    const { origin, client, fetchOnce } = setup();
    for (let i = 0; i < 30; i++) await fetchOnce();
    const steady = client.timeMs(0);
    expect(steady).toBeGreaterThanOrEqual(40);
    expect(steady).toBeLessThan(50);
    origin.latencyMs = 1500;
    await fetchOnce();
    expect(client.timeMs(0)).toBeGreaterThan(1500);
  });

  it('counts a request still unanswered as the origin being at least that slow', async () => {
    const { clock, origin, client, fetchOnce } = setup();
    for (let i = 0; i < 30; i++) await fetchOnce();
    origin.latencyMs = 5000;
    const pending = client.segmentBytes(info, null);
    await clock.advance(2000);
    expect(client.timeMs(0)).toBeGreaterThanOrEqual(2000);
    await clock.advance(3100);
    await pending;
  });
});
