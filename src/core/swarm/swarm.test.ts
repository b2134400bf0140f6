// The uploader's side of a request deadline: a request its uplink cannot serve in time is
// refused 'busy' at once; an idle uplink serves it.

import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.ts';
import { peerChoke } from '../engine/stats.ts';
import type { PeerLink } from '../ports.ts';
import { decodeMessage, encodeMessage } from '../protocol/codec.ts';
import { PROTOCOL_VERSION } from '../protocol/limits.ts';
import { Capability, type Message } from '../protocol/messages.ts';
import { flush, VirtualClock } from '../testing/virtual-clock.ts';
import { CHOKE_HOLD_MS } from './refusals.ts';
import { Swarm } from './swarm.ts';

const SHARD = 1000;
const RATE = 10; // bytes per ms: a shard takes 100 ms

/** One end of a link on an uplink of RATE bytes per ms; it records what the swarm sends. */
class ScriptedLink implements PeerLink {
  readonly sent: Message[] = [];
  private busyUntil = 0;
  onFrame: ((frame: Uint8Array) => void) | null = null;
  onClose: ((reason: string) => void) | null = null;
  onDrain: (() => void) | null = null;
  constructor(
    readonly remoteId: string,
    private readonly clock: VirtualClock,
  ) {}
  /** Fills the uplink with `bytes` of other traffic. */
  commit(bytes: number): void {
    this.busyUntil = Math.max(this.busyUntil, this.clock.now()) + bytes / RATE;
  }
  send(frame: Uint8Array): boolean {
    const message = decodeMessage(frame);
    this.sent.push(message);
    if (message.type === 'shard') this.commit(frame.length);
    return true;
  }
  bufferedBytes(): number {
    return Math.max(0, this.busyUntil - this.clock.now()) * RATE;
  }
  shards(): number {
    return this.sent.filter((m) => m.type === 'shard').length;
  }
  close(): void {}
  receive(message: Message): void {
    this.onFrame?.(encodeMessage(message));
  }
}

/**
 * A swarm whose uplink sends 10 bytes per ms (a 1000-byte shard: 100 ms), with one peer; with
 * `measured`, no cap is configured and the swarm measures its uplink itself.
 */
async function uploader(measured = false) {
  const clock = new VirtualClock();
  const config = resolveConfig(measured ? {} : { uploadBytesPerSecond: RATE * 1000 });
  const source = {
    localHoldings: () => [],
    readShard: async () => new Uint8Array(SHARD),
    params: () => ({ k: 8, shardSize: SHARD }),
  };
  const swarm = new Swarm('swarm', 'up', config, clock, source, (e) => {
    throw e;
  });
  const link = new ScriptedLink('down', clock);
  swarm.addLink(link);
  link.receive({
    type: 'hello',
    maxVersion: PROTOCOL_VERSION,
    swarmId: 'swarm',
    peerId: 'down',
    capabilities: Capability.REQUEST_DEADLINES,
  });
  await flush();
  link.sent.length = 0;
  return { clock, swarm, link };
}

const ask = (link: ScriptedLink, requestId: number, indices: number[], withinMs: number) =>
  link.receive({
    type: 'request',
    requestId,
    items: [{ segment: { rendition: 0, sequence: 1 }, indices }],
    withinMs,
  });

describe('Swarm uplink admission', () => {
  it('serves a request at once when the uplink is idle', async () => {
    const { link } = await uploader();
    ask(link, 1, [0], 500);
    await flush();
    expect(link.sent.map((m) => m.type)).toEqual(['shard']);
  });

  it('refuses busy at once what the committed uplink cannot send before the deadline', async () => {
    const { link } = await uploader();
    link.commit(20_000); // 2 s of sending already committed
    ask(link, 1, [0, 1], 1500);
    await flush();
    expect(link.sent).toEqual([
      expect.objectContaining({ type: 'absent', requestId: 1, indices: [0, 1], reason: 'busy' }),
    ]);
  });

  it('keeps what fits and refuses the rest, and sends the kept shards as the uplink drains', async () => {
    const { clock, link } = await uploader();
    link.commit(5000); // 500 ms committed: room for 3 more shards within 850 ms
    ask(link, 1, [0, 1, 2, 3, 4], 850);
    await flush();
    expect(link.sent).toEqual([expect.objectContaining({ type: 'absent', indices: [3, 4], reason: 'busy' })]);
    // Each goes to the link once it holds less than one shard, so the link never runs dry.
    await clock.advance(450);
    expect(link.shards()).toBe(1);
    await clock.advance(350);
    expect(link.shards()).toBe(3);
  });
});

describe('Swarm uplink order', () => {
  it('sends to a peer that relays before one whose uplink is far below ours', async () => {
    const { clock, swarm, link } = await uploader(); // ours: 10 kB/s
    const peer = (id: string, bytesPerSecond: number) => {
      const l = new ScriptedLink(id, clock);
      swarm.addLink(l);
      l.receive({
        type: 'hello',
        maxVersion: PROTOCOL_VERSION,
        swarmId: 'swarm',
        peerId: id,
        capabilities: Capability.REQUEST_DEADLINES | Capability.SHARES_UPLINK | Capability.CAN_UPLOAD,
      });
      l.receive({ type: 'uplink', bytesPerSecond });
      return l;
    };
    const weak = peer('weak', 1_000); // a tenth of ours
    const relay = peer('relay', 5_000); // half of ours
    await flush();
    ask(link, 1, [0], 5000); // the idle uplink takes it at once: 100 ms of sending
    ask(weak, 2, [1], 2000);
    ask(relay, 3, [2], 3000);
    await flush();
    // The links get a shard as they run low: the relayer's first, though it is due later.
    await clock.advance(50);
    expect([weak.shards(), relay.shards()]).toEqual([0, 1]);
    await clock.advance(100);
    expect([weak.shards(), relay.shards()]).toEqual([1, 1]);
  });
});

describe('Swarm uplink measured, not configured', () => {
  /** A peer whose link holds bytes it never sends (a receiver that stopped reading, control frames). */
  class StuckLink extends ScriptedLink {
    override bufferedBytes(): number {
      return 500;
    }
  }

  it('does not take bytes stuck in one link for a busy uplink, and keeps serving the others', async () => {
    const { clock, swarm, link } = await uploader(true);
    const stuck = new StuckLink('stuck', clock);
    swarm.addLink(stuck);
    stuck.receive({
      type: 'hello',
      maxVersion: PROTOCOL_VERSION,
      swarmId: 'swarm',
      peerId: 'stuck',
      capabilities: Capability.REQUEST_DEADLINES,
    });
    await flush();
    // Requests now and then, each served at once on an idle uplink: nothing waited in between,
    // so what left meanwhile (one shard a second) is the demand, not the uplink's rate.
    for (let i = 0; i < 5; i++) {
      ask(link, i + 1, [i], 300);
      await flush();
      await clock.advance(1000);
    }
    expect(link.shards()).toBe(5);
    expect(link.sent.filter((m) => m.type === 'absent')).toEqual([]);
  });
});

describe('Swarm holdings news', () => {
  const deltas = (link: ScriptedLink) => link.sent.filter((m) => m.type === 'have-delta');

  it('announces prompt news within a tick, other shards within the hold time, together', async () => {
    const { clock, swarm, link } = await uploader();
    swarm.announce({ rendition: 0, sequence: 1 }, [2], false);
    await clock.advance(100);
    expect(deltas(link)).toHaveLength(0); // held back
    swarm.announce({ rendition: 0, sequence: 2 }, [0], true);
    await clock.advance(20);
    expect(deltas(link)).toEqual([
      expect.objectContaining({
        added: [
          { segment: { rendition: 0, sequence: 1 }, indices: [2] },
          { segment: { rendition: 0, sequence: 2 }, indices: [0] },
        ],
      }),
    ]);
    swarm.announce({ rendition: 0, sequence: 2 }, [3], false);
    await clock.advance(249);
    expect(deltas(link)).toHaveLength(1);
    await clock.advance(1);
    expect(deltas(link)).toHaveLength(2);
  });

  it('tells a peer nothing of a segment it holds enough of to rebuild', async () => {
    const { clock, swarm, link } = await uploader();
    const segment = { rendition: 0, sequence: 1 };
    link.receive({
      type: 'have-delta',
      added: [{ segment, indices: [0, 1, 2, 3, 4, 5, 6, 7] }],
      dropped: [],
    });
    swarm.announce(segment, [9], true);
    await clock.advance(50);
    expect(deltas(link)).toHaveLength(0);
  });
});

describe('Swarm choke state (who refuses whom, for stats)', () => {
  const segment = { rendition: 0, sequence: 1 };
  const peerOf = (swarm: Swarm) => swarm.readyPeers()[0]!;

  it('we choke a peer while we refuse it busy, until a shard goes out or 5 s pass', async () => {
    const { clock, swarm, link } = await uploader();
    const peer = peerOf(swarm);
    expect(peerChoke(peer, clock.now(), true)).toEqual({ byPeer: 'not-uploading', byUs: null });
    link.commit(20_000); // 2 s committed
    ask(link, 1, [0], 1500);
    await flush();
    expect(peerChoke(peer, clock.now(), true).byUs).toBe('busy');
    await clock.advance(CHOKE_HOLD_MS);
    expect(peerChoke(peer, clock.now(), true).byUs).toBeNull();
    link.commit(20_000);
    ask(link, 2, [0], 1500);
    await flush();
    expect(peerChoke(peer, clock.now(), true).byUs).toBe('busy');
    await clock.advance(2100); // the uplink drained
    ask(link, 3, [1], 1500);
    await flush();
    expect(link.shards()).toBe(1);
    expect(peerChoke(peer, clock.now(), true).byUs).toBeNull();
    // Uploading switched off: every peer is choked, asked or not.
    expect(peerChoke(peer, clock.now(), false).byUs).toBe('not-uploading');
  });

  it('a peer chokes us while it answers busy or choked, until it sends a shard', async () => {
    const { clock, swarm, link } = await uploader();
    const peer = peerOf(swarm);
    const first = swarm.request(peer, segment, [0, 1], SHARD, 2000);
    link.receive({ type: 'absent', requestId: first, segment, indices: [0], reason: 'busy' });
    expect(peerChoke(peer, clock.now(), true).byPeer).toBe('busy');
    link.receive({ type: 'absent', requestId: first, segment, indices: [1], reason: 'choked' });
    expect(peerChoke(peer, clock.now(), true).byPeer).toBe('not-uploading');
    const second = swarm.request(peer, segment, [2], SHARD, 2000);
    await clock.advance(10);
    link.receive({ type: 'shard', requestId: second, segment, index: 2, payload: new Uint8Array(SHARD) });
    expect(peerChoke(peer, clock.now(), true)).toEqual({ byPeer: null, byUs: null });
    // 'absent' (it lacks the shard) is no refusal to serve.
    const third = swarm.request(peer, segment, [3], SHARD, 2000);
    link.receive({ type: 'absent', requestId: third, segment, indices: [3], reason: 'absent' });
    expect(peerChoke(peer, clock.now(), true).byPeer).toBeNull();
  });
});

describe('Swarm busy share (scarce uploads around us)', () => {
  it('counts the shards we asked for that peers refused busy, not those they lack', async () => {
    const { clock, swarm, link } = await uploader();
    const peer = swarm.readyPeers()[0]!;
    const segment = { rendition: 0, sequence: 1 };
    expect(swarm.busyShare()).toBe(0);
    const asked = swarm.request(peer, segment, [0, 1, 2, 3], SHARD, 2000);
    link.receive({ type: 'absent', requestId: asked, segment, indices: [0], reason: 'absent' });
    expect(swarm.busyShare()).toBe(0);
    link.receive({ type: 'absent', requestId: asked, segment, indices: [1, 2], reason: 'busy' });
    expect(swarm.busyShare()).toBeCloseTo(0.5);
    await clock.advance(60_000); // long ago: served requests since outweigh it
    swarm.request(peer, segment, [4, 5, 6, 7], SHARD, 2000);
    expect(swarm.busyShare()).toBeLessThan(0.01);
  });
});

describe('Swarm delivery totals', () => {
  it('says in its hello that it reads totals, and keeps what a peer reports', async () => {
    const clock = new VirtualClock();
    const source = { localHoldings: () => [], readShard: async () => undefined, params: () => undefined };
    const swarm = new Swarm('swarm', 'me', resolveConfig({}), clock, source, (e) => {
      throw e;
    });
    const link = new ScriptedLink('them', clock);
    swarm.addLink(link);
    expect(link.sent[0]).toMatchObject({ type: 'hello' });
    const hello = link.sent[0] as { capabilities: number };
    expect(hello.capabilities & Capability.SHARES_TOTALS).not.toBe(0);
    link.receive({
      type: 'hello',
      maxVersion: PROTOCOL_VERSION,
      swarmId: 'swarm',
      peerId: 'them',
      capabilities: Capability.SHARES_TOTALS,
    });
    swarm.shareTotals({ delivered: 7_000, fromPeers: 2_000 });
    link.receive({ type: 'totals', deliveredKB: 40, fromPeersKB: 30 });
    expect(link.sent.filter((m) => m.type === 'totals')).toEqual([
      { type: 'totals', deliveredKB: 7, fromPeersKB: 2 },
    ]);
    expect(swarm.readyPeers()[0]!.reported).toEqual({ delivered: 40_000, fromPeers: 30_000, at: 0 });
    swarm.close();
  });
});

describe('Swarm peer limit', () => {
  it('turns links away past its limit; a raised limit takes more, a lowered one keeps what it has', () => {
    const clock = new VirtualClock();
    const source = { localHoldings: () => [], readShard: async () => undefined, params: () => undefined };
    const swarm = new Swarm('swarm', 'me', resolveConfig({ maxPeers: 2 }), clock, source, (e) => {
      throw e;
    });
    const closed: string[] = [];
    const link = (id: string) => {
      const l = new ScriptedLink(id, clock);
      l.close = () => closed.push(id);
      swarm.addLink(l);
      return l;
    };
    const opened = (l: ScriptedLink) => l.sent.some((m) => m.type === 'hello');
    expect([link('a'), link('b')].every(opened)).toBe(true);
    expect(opened(link('c'))).toBe(false);
    expect(closed).toEqual(['c']);
    swarm.setPeerLimit(3);
    expect(opened(link('d'))).toBe(true);
    swarm.setPeerLimit(2);
    expect(opened(link('e'))).toBe(false);
    expect(closed).toEqual(['c', 'e']);
    swarm.close();
  });
});
