// TrackerClient's announces against a fake WebSocket and fake peers, in virtual time: when
// offers go out, and that none gathered late is lost.

import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkPool } from './link-pool.ts';
import { TrackerClient, type TrackerState, type TrackerTiming } from './tracker-client.ts';

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
function fakePool(links: () => number = () => 0): LinkPool {
  return {
    room: () => 12 - links(),
    get size() {
      return links();
    },
    wouldAdopt: () => true,
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

describe('joining with its socket only', () => {
  let joiner: TrackerClient;
  let links: number;
  const swarm = 'c'.repeat(40);
  /** The tracker's answer to an announce: the swarm counts `viewers`, us included. */
  const reply = (viewers: number) =>
    FakeSocket.last!.onmessage?.({
      data: JSON.stringify({
        action: 'announce',
        info_hash: swarm,
        interval: 120,
        complete: 0,
        incomplete: viewers,
      }),
    });
  const sent = () => FakeSocket.last!.sent;
  /** A client of no swarm yet whose socket is open, as a held page has it. */
  const connectedClient = (onState: (state: TrackerState) => void = () => {}) => {
    const made = new TrackerClient('ws://tracker', null, 'b'.repeat(20), fakePool(), TIMING, false, onState);
    made.start();
    FakeSocket.last!.open();
    return made;
  };

  beforeEach(() => {
    client.stop(); // the shared client is not used here
    links = 0;
    joiner = new TrackerClient(
      'ws://tracker',
      null,
      'b'.repeat(20),
      fakePool(() => links),
      TIMING,
      false,
      () => {},
    );
    joiner.start();
    FakeSocket.last!.open();
  });
  afterEach(() => joiner.stop());

  it('makes no WebRTC connection before the swarm is named, then announces without offers', async () => {
    await vi.advanceTimersByTimeAsync(2_000);
    expect(peers).toHaveLength(0);
    expect(sent()).toHaveLength(0);
    joiner.joinSwarm(swarm);
    await vi.advanceTimersByTimeAsync(0);
    expect(peers).toHaveLength(0);
    expect(sent()).toEqual([expect.objectContaining({ event: 'started', offers: [] })]);
  });

  it('offers as many connections as the tracker counts other viewers, and none when alone', async () => {
    joiner.joinSwarm(swarm);
    reply(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(peers).toHaveLength(2);
    for (const peer of peers) peer.gathered();
    await vi.advanceTimersByTimeAsync(200);
    expect(sent()).toHaveLength(2);
    expect(sent()[1]!.offers).toHaveLength(2);

    joiner.stop();
    peers = [];
    const alone = connectedClient();
    alone.joinSwarm(swarm);
    reply(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(peers).toHaveLength(0);
    expect(sent()).toHaveLength(1);
    alone.stop();
  });

  it("asks again soon when its links and the swarm's count disagree, else at the tracker's interval", async () => {
    joiner.joinSwarm(swarm);
    reply(1); // alone when it joined: no offers, next announce due in 120 s
    await vi.advanceTimersByTimeAsync(0);
    expect(sent()).toHaveLength(1);
    links = 2; // two viewers who joined at the same time offered to us: the count is stale
    await vi.advanceTimersByTimeAsync(TIMING.minAnnounceIntervalMs);
    expect(sent()).toHaveLength(2);
    expect(sent()[1]!.offers).toHaveLength(0);
    // A fourth viewer we are not linked to. The tracker hands offers to random others, so at the
    // next look it offers to all three: only that is sure to reach the one unlinked.
    reply(4);
    await vi.advanceTimersByTimeAsync(TIMING.minAnnounceIntervalMs);
    expect(peers).toHaveLength(3);
    for (const peer of peers) peer.gathered();
    await vi.advanceTimersByTimeAsync(200);
    expect(sent()).toHaveLength(3);
    expect(sent()[2]!.offers).toHaveLength(3);
    links = 3; // linked to all three others: back to the tracker's interval
    reply(4);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(sent()).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(sent()).toHaveLength(4);
  });

  /** The tracker's answer to a scrape: `viewers` in the swarm (we are not one yet). */
  const scraped = (viewers: number, of = swarm) =>
    FakeSocket.last!.onmessage?.({
      data: JSON.stringify({
        action: 'scrape',
        files: { [of]: { complete: 0, incomplete: viewers, downloaded: 0 } },
      }),
    });

  it("told the swarm's size before joining, announces the join with offers sized by it", async () => {
    joiner.peekSwarm(swarm);
    expect(sent()).toEqual([{ action: 'scrape', info_hash: swarm }]);
    scraped(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(peers).toHaveLength(0); // still no WebRTC work before the join
    joiner.joinSwarm(swarm);
    await vi.advanceTimersByTimeAsync(0);
    // At once, no announce asking for the count first; one more than counted, for a viewer that
    // joined since (the tracker relays it only if there is one).
    expect(peers).toHaveLength(3);
    for (const peer of peers) peer.gathered();
    await vi.advanceTimersByTimeAsync(200);
    expect(sent().slice(1)).toEqual([expect.objectContaining({ event: 'started' })]);
    expect(sent()[1]!.offers).toHaveLength(3);
  });

  it('alone by the scrape, offers one for a viewer held meanwhile; a count of another swarm is not used', async () => {
    joiner.peekSwarm(swarm);
    scraped(0);
    joiner.joinSwarm(swarm);
    await vi.advanceTimersByTimeAsync(0);
    expect(peers).toHaveLength(1);
    peers[0]!.gathered();
    await vi.advanceTimersByTimeAsync(200);
    expect(sent().slice(1)).toEqual([expect.objectContaining({ event: 'started' })]);
    expect(sent()[1]!.offers).toHaveLength(1);
    reply(1); // alone indeed: re-announces offer nothing
    await vi.advanceTimersByTimeAsync(300_000);
    expect(peers).toHaveLength(1);

    joiner.stop();
    peers = [];
    const other = connectedClient();
    other.peekSwarm(swarm);
    scraped(5);
    other.joinSwarm('e'.repeat(40));
    await vi.advanceTimersByTimeAsync(0);
    expect(peers).toHaveLength(0); // asks the count of the swarm it joined first
    other.stop();
  });

  it('a tracker that refuses or ignores the scrape is not failing, and the join asks as before', async () => {
    const states: string[] = [];
    joiner.stop();
    const picky = connectedClient((s) => states.push(s.kind));
    picky.peekSwarm(swarm);
    FakeSocket.last!.onmessage?.({
      data: JSON.stringify({ action: 'scrape', 'failure reason': 'scrape is disabled', info_hash: swarm }),
    });
    picky.joinSwarm(swarm);
    await vi.advanceTimersByTimeAsync(0);
    expect(states).not.toContain('failed');
    expect(peers).toHaveLength(0);
    expect(sent().slice(1)).toEqual([expect.objectContaining({ event: 'started', offers: [] })]);
    picky.stop();
  });

  it('without a count from the tracker, offers a full batch a second later', async () => {
    joiner.joinSwarm(swarm);
    await vi.advanceTimersByTimeAsync(999);
    expect(peers).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(peers).toHaveLength(TIMING.offersPerAnnounce);
  });

  it('announces again with offers only for viewers it has no link to', async () => {
    joiner.joinSwarm(swarm);
    reply(3);
    await vi.advanceTimersByTimeAsync(0);
    for (const peer of peers) peer.gathered();
    links = 2; // both offers answered and connected
    await vi.advanceTimersByTimeAsync(TIMING.offerTimeoutMs + 1_000); // the offer records lapse
    const before = sent().length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sent().length).toBeGreaterThan(before); // still announced, to stay listed
    expect(
      sent()
        .slice(before)
        .every((m) => m.offers.length === 0),
    ).toBe(true);
    expect(peers).toHaveLength(2);
  });
});

it('answers an offer with a connection only when the pool would keep it', async () => {
  client.stop();
  let keep = false;
  const pool = { ...fakePool(), wouldAdopt: () => keep, adopt: () => ({}) } as unknown as LinkPool;
  Object.defineProperty(pool, 'size', { get: () => 0 });
  const answering = new TrackerClient(
    'ws://tracker',
    'a'.repeat(40),
    'b'.repeat(20),
    pool,
    TIMING,
    false,
    () => {},
  );
  answering.start();
  const socket = FakeSocket.last!;
  socket.open();
  const offer = { action: 'announce', info_hash: 'a'.repeat(40), offer_id: 'o', peer_id: 'd'.repeat(20) };
  const made = peers.length;
  socket.onmessage?.({ data: JSON.stringify({ ...offer, offer: { type: 'offer', sdp: 'v=0' } }) });
  expect(peers).toHaveLength(made); // a peer we are linked to already: declined, nothing made
  keep = true;
  socket.onmessage?.({ data: JSON.stringify({ ...offer, offer: { type: 'offer', sdp: 'v=0' } }) });
  expect(peers).toHaveLength(made + 1);
  answering.stop();
});
