// TrackerClient's announces against a fake WebSocket and fake peers, in virtual time: when
// offers go out, and that none gathered late is lost.

import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkPool } from './link-pool.ts';
import { TrackerClient, type TrackerTiming } from './tracker-client.ts';

class FakeSocket {
  static readonly OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = 0;
  readonly sent: Array<{ event?: string; offers: Array<{ offer_id: string }> }> = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    this.readyState = 3;
  }
}

class FakePeer extends EventEmitter {
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
  }
  /** ICE gathered: simple-peer (trickle off) signals the whole offer. */
  gathered(): void {
    this.emit('signal', { type: 'offer', sdp: 'v=0 fake' });
  }
}

const TIMING: TrackerTiming = {
  offersPerAnnounce: 4,
  minAnnounceIntervalMs: 15_000,
  maxAnnounceIntervalMs: 120_000,
  offerTimeoutMs: 50_000,
  offerGatherTimeoutMs: 6_000,
  reconnectMinMs: 1_000,
  reconnectMaxMs: 60_000,
};

let peers: FakePeer[];
let client: TrackerClient;

/** A pool with room to spare whose peers are FakePeers, kept in `peers`; it adopts none. */
function fakePool(): LinkPool {
  return {
    room: () => 12,
    createPeer: () => {
      const peer = new FakePeer();
      peers.push(peer);
      return peer;
    },
    adopt: () => null,
  } as unknown as LinkPool;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
  peers = [];
  client = new TrackerClient(
    'ws://tracker',
    'a'.repeat(40),
    'b'.repeat(20),
    fakePool(),
    TIMING,
    true,
    () => {},
  );
});

afterEach(() => {
  client.stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const announces = () => FakeSocket.last!.sent.filter((m) => m.offers.length > 0 || m.event === 'started');

it('gathers offers while the socket opens, so the first announce goes out as soon as it is open', () => {
  client.start();
  expect(peers).toHaveLength(4); // made before the socket is open
  for (const peer of peers) peer.gathered();
  vi.advanceTimersByTime(300);
  FakeSocket.last!.open();
  return vi.waitFor(() => {
    expect(announces()).toHaveLength(1);
    expect(announces()[0]!.event).toBe('started');
    expect(announces()[0]!.offers).toHaveLength(4);
  });
});

it('does not hold the first announce for a slow offer; the late ones follow in another', async () => {
  client.start();
  FakeSocket.last!.open();
  peers[0]!.gathered();
  await vi.advanceTimersByTimeAsync(50);
  peers[1]!.gathered();
  await vi.advanceTimersByTimeAsync(60); // 110 ms after the first: past the grace
  expect(announces()).toHaveLength(1);
  expect(announces()[0]!.offers).toHaveLength(2);
  await vi.advanceTimersByTimeAsync(1_000);
  peers[2]!.gathered();
  peers[3]!.gathered();
  await vi.advanceTimersByTimeAsync(200);
  expect(announces()).toHaveLength(2);
  const ids = announces().flatMap((a) => a.offers.map((o) => o.offer_id));
  expect(new Set(ids).size).toBe(4); // every offer announced once
  expect(peers.some((p) => p.destroyed)).toBe(false);
});

it('drops an offer that never gathers, and announces nothing for it', async () => {
  client.start();
  FakeSocket.last!.open();
  for (const peer of peers.slice(0, 3)) peer.gathered();
  await vi.advanceTimersByTimeAsync(TIMING.offerGatherTimeoutMs + 1_000);
  expect(announces().flatMap((a) => a.offers)).toHaveLength(3);
  expect(peers[3]!.destroyed).toBe(true);
});

describe('started before the swarm is known', () => {
  let early: TrackerClient;
  beforeEach(() => {
    client.stop(); // the shared client is not used here
    early = new TrackerClient('ws://tracker', null, 'b'.repeat(20), fakePool(), TIMING, true, () => {});
  });
  afterEach(() => early.stop());

  it('opens and gathers but announces nothing; told the swarm, it announces the ready offers at once', async () => {
    early.start();
    const socket = FakeSocket.last!;
    socket.open();
    for (const peer of peers) peer.gathered();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(socket.sent).toHaveLength(0);
    early.joinSwarm('c'.repeat(40));
    await vi.advanceTimersByTimeAsync(0);
    expect(announces()).toHaveLength(1);
    expect(announces()[0]!.event).toBe('started');
    expect(announces()[0]!.offers).toHaveLength(4);
    expect(peers).toHaveLength(4); // no second batch was made
  });

  it('with its socket only, it makes no WebRTC connection until told the swarm, then gathers and announces', async () => {
    early.stop();
    const socketOnly = new TrackerClient(
      'ws://tracker',
      null,
      'b'.repeat(20),
      fakePool(),
      TIMING,
      false,
      () => {},
    );
    socketOnly.start();
    const socket = FakeSocket.last!;
    socket.open();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(peers).toHaveLength(0);
    expect(socket.sent).toHaveLength(0);
    socketOnly.joinSwarm('c'.repeat(40));
    await vi.advanceTimersByTimeAsync(0);
    expect(peers).toHaveLength(4);
    for (const peer of peers) peer.gathered();
    await vi.advanceTimersByTimeAsync(200);
    expect(announces()).toHaveLength(1);
    expect(announces()[0]!.event).toBe('started');
    expect(announces()[0]!.offers).toHaveLength(4);
    socketOnly.stop();
  });

  it('ignores tracker messages until it knows its swarm', async () => {
    early.start();
    const socket = FakeSocket.last!;
    socket.open();
    const offer = { action: 'announce', info_hash: 'c'.repeat(40), offer_id: 'o', peer_id: 'd'.repeat(20) };
    socket.onmessage?.({ data: JSON.stringify({ ...offer, offer: { type: 'offer', sdp: 'v=0' } }) });
    await vi.advanceTimersByTimeAsync(10);
    expect(peers).toHaveLength(4); // the prepared offers only: no answering peer was made
  });

  it('replaces offers that expired before the swarm was known', async () => {
    early.start();
    FakeSocket.last!.open();
    for (const peer of peers) peer.gathered();
    await vi.advanceTimersByTimeAsync(TIMING.offerTimeoutMs + 1_000);
    expect(peers.every((p) => p.destroyed)).toBe(true);
    early.joinSwarm('c'.repeat(40));
    await vi.advanceTimersByTimeAsync(0);
    expect(peers).toHaveLength(8);
    for (const peer of peers.slice(4)) peer.gathered();
    await vi.advanceTimersByTimeAsync(200);
    expect(announces()).toHaveLength(1);
    const ids = announces()[0]!.offers.map((o) => o.offer_id);
    expect(ids).toHaveLength(4);
  });

  it('stopped before it knew its swarm, it says nothing to the tracker', () => {
    early.start();
    const socket = FakeSocket.last!;
    socket.open();
    early.stop();
    expect(socket.sent).toHaveLength(0);
  });
});
