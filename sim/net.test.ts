import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../src/core/protocol/codec.ts';
import { EventClock } from './event-clock.ts';
import { connect, frameCost, makeNode, NetMeter } from './net.ts';

const shard = (payload: number) =>
  encodeMessage({
    type: 'shard',
    requestId: 7,
    segment: { rendition: 300, sequence: 1234 },
    index: 3,
    payload: new Uint8Array(payload),
  });

describe('virtual links', () => {
  it('charges a shard payload scale times over, other frames as they are', () => {
    const frame = shard(100);
    expect(frameCost(frame, 1)).toBe(frame.length);
    expect(frameCost(frame, 256)).toBe(frame.length - 100 + 100 * 256);
    const bye = encodeMessage({ type: 'bye', reason: 'leaving' });
    expect(frameCost(bye, 256)).toBe(bye.length);
  });

  it('delivers after the sender uplink and the receiver downlink queues, never sooner', async () => {
    const clock = new EventClock();
    const meter = new NetMeter();
    const a = makeNode('a', 10, 1000, 5, false); // slow uplink: 10 bytes/ms
    const b = makeNode('b', 1000, 20, 5, false); // slow downlink: 20 bytes/ms
    const [ab] = connect(a, b, clock, meter, 1);
    const [, ba] = [ab, ab.other!];
    const arrivals: number[] = [];
    ba.onFrame = () => arrivals.push(clock.now());
    const frame = shard(1000 - 13);
    expect(frame.length).toBe(1000);
    ab.send(frame);
    ab.send(frame);
    expect(ab.bufferedBytes()).toBeCloseTo(2000);
    await clock.runUntil(1000);
    // Uplink: departs at 100 and 200 ms; latency 10 ms; the downlink (50 ms per frame) keeps up.
    expect(arrivals).toEqual([110, 210]);
    // A fast sender into a slow downlink: the downlink queue sets the pace (50 ms per frame).
    const c = makeNode('c', 1000, 1000, 5, false);
    const [cb] = connect(c, b, clock, meter, 1);
    cb.other!.onFrame = () => arrivals.push(clock.now());
    for (let i = 0; i < 3; i++) cb.send(frame);
    await clock.runUntil(2000);
    expect(arrivals.slice(2)).toEqual([1060, 1110, 1160]);
    expect(meter.earlyArrivals).toBe(0);
    expect(meter.bytesSent).toBe(meter.bytesDelivered + meter.bytesLost);
  });

  it("reports each link's own unsent bytes, in virtual bytes / scale, though the uplink is shared", async () => {
    const clock = new EventClock();
    const meter = new NetMeter();
    const a = makeNode('a', 40, 1000, 5, false); // 40 virtual bytes/ms
    const [ab] = connect(a, makeNode('b', 1000, 1000, 5, false), clock, meter, 4);
    const [ac] = connect(a, makeNode('c', 1000, 1000, 5, false), clock, meter, 4);
    const frame = shard(100);
    const cost = frameCost(frame, 4);
    const ms = cost / 40; // ~10 ms on the uplink
    ab.send(frame);
    ac.send(frame);
    // ab's frame leaves first; ac's waits behind it on the shared uplink.
    expect(ab.bufferedBytes()).toBeCloseTo(cost / 4);
    expect(ac.bufferedBytes()).toBeCloseTo(cost / 4);
    await clock.runUntil(ms / 2);
    expect(ab.bufferedBytes()).toBeCloseTo(cost / 4 / 2, 0);
    expect(ac.bufferedBytes()).toBeCloseTo(cost / 4);
    await clock.runUntil(1.5 * ms);
    expect(ab.bufferedBytes()).toBe(0);
    expect(ac.bufferedBytes()).toBeCloseTo(cost / 4 / 2, 0);
  });

  it('counts frames to a closed end as lost: bytes are conserved', async () => {
    const clock = new EventClock();
    const meter = new NetMeter();
    const a = makeNode('a', 100, 100, 5, false);
    const b = makeNode('b', 100, 100, 5, false);
    const [ab, ba] = connect(a, b, clock, meter, 4);
    ba.onFrame = () => undefined;
    ab.send(shard(50));
    ab.send(shard(50));
    clock.setTimer(1, () => ba.close('gone'));
    await clock.runUntil(1000);
    expect(meter.framesLost).toBe(2);
    expect(meter.bytesSent).toBe(meter.bytesDelivered + meter.bytesLost);
    expect(a.links.size + b.links.size).toBe(0);
  });
});
