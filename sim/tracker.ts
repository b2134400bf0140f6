// Signaling: a tracker-like peer sampler. A viewer announces to its swarm and gets random
// members; each pairing costs an offer and an answer through the tracker and a connection
// setup delay, and fails when both ends sit behind restrictive NATs. Viewers short of peers
// announce again periodically, as WebTorrent clients do.

import type { NetworkStatus, PeerLink, PeerNetwork } from '../src/core/ports.ts';
import type { EventClock } from './event-clock.ts';
import { connect, type NetMeter, type NetNode } from './net.ts';
import type { Rng } from './rng.ts';

export interface TrackerOptions {
  maxPeers: number;
  /** Connection setup (offer, answer, ICE) takes uniformly this many ms. */
  setupMs: [number, number];
  /** Re-announce period while short of peers, ms. */
  announceEveryMs: number;
  scale: number;
}

/** What the tracker saw: the signaling load of the swarm. */
export class TrackerMeter {
  announces = 0;
  /** Offers and answers relayed (two per connection attempt). */
  relayed = 0;
  attempts = 0;
  natFailures = 0;
  connected = 0;
  /** Largest swarm (members) seen. */
  peakMembers = 0;
}

interface Member {
  node: NetNode;
  network: SimNetwork;
  index: number;
  /** The most links this viewer takes (its engine's peer limit; the tracker's maxPeers until told). */
  limit: number;
}

export class Tracker {
  readonly meter = new TrackerMeter();
  private readonly swarms = new Map<string, Member[]>();

  constructor(
    private readonly clock: EventClock,
    private readonly rng: Rng,
    private readonly net: NetMeter,
    readonly options: TrackerOptions,
  ) {}

  network(node: NetNode): SimNetwork {
    return new SimNetwork(this, node);
  }

  join(swarmId: string, member: Member): void {
    let list = this.swarms.get(swarmId);
    if (!list) {
      list = [];
      this.swarms.set(swarmId, list);
    }
    member.index = list.length;
    list.push(member);
    this.meter.peakMembers = Math.max(this.meter.peakMembers, list.length);
    this.announce(swarmId, member);
  }

  leave(swarmId: string, member: Member): void {
    const list = this.swarms.get(swarmId);
    if (!list || list[member.index] !== member) return;
    const last = list.pop()!;
    if (last !== member) {
      list[member.index] = last;
      last.index = member.index;
    }
    member.index = -1;
  }

  /** Hands `member` up to (its limit - degree) random others; reschedules itself. */
  announce(swarmId: string, member: Member): void {
    const list = this.swarms.get(swarmId);
    if (!list || member.index < 0 || !member.node.online) return;
    this.meter.announces += 1;
    // An announce reply tells the swarm's size, as a WebTorrent tracker's complete + incomplete.
    member.network.onSwarmSize?.(list.length);
    const want = member.limit - member.node.linkedIds.size;
    // A real tracker hands out distinct members: a small swarm is seen whole (from a random
    // start), a large one sampled at random (repeats are then rare).
    const small = list.length - 1 <= want * 2;
    const tries = small ? list.length : want * 2;
    const start = this.rng.int(list.length);
    let offered = 0;
    for (let t = 0; t < tries && offered < want; t++) {
      const other = list[small ? (start + t) % list.length : this.rng.int(list.length)]!;
      if (other === member || member.node.linkedIds.has(other.node.id)) continue;
      if (other.node.linkedIds.size >= other.limit) continue;
      offered += 1;
      this.pair(member, other);
    }
    const [lo, hi] = [this.options.announceEveryMs * 0.75, this.options.announceEveryMs * 1.25];
    this.clock.setTimer(this.rng.range(lo, hi), () => {
      if (member.node.linkedIds.size < member.limit) this.announce(swarmId, member);
      else this.clock.setTimer(this.options.announceEveryMs, () => this.announce(swarmId, member));
    });
  }

  private pair(a: Member, b: Member): void {
    const meter = this.meter;
    meter.attempts += 1;
    meter.relayed += 2;
    a.node.linkedIds.add(b.node.id);
    b.node.linkedIds.add(a.node.id);
    const [lo, hi] = this.options.setupMs;
    const fails = a.node.restricted && b.node.restricted;
    this.clock.setTimer(this.rng.range(lo, hi), () => {
      if (fails || !a.node.online || !b.node.online || a.index < 0 || b.index < 0) {
        if (fails) meter.natFailures += 1;
        // A failed pair is not retried: the ids stay marked, as a client remembers bad peers.
        if (!fails) {
          a.node.linkedIds.delete(b.node.id);
          b.node.linkedIds.delete(a.node.id);
        }
        return;
      }
      meter.connected += 1;
      const [ab, ba] = connect(a.node, b.node, this.clock, this.net, this.options.scale);
      a.network.deliver(ab);
      b.network.deliver(ba);
    });
  }
}

/** The PeerNetwork port of one simulated viewer. */
export class SimNetwork implements PeerNetwork {
  onLink: ((link: PeerLink) => void) | null = null;
  onStatus: ((status: NetworkStatus) => void) | null = null;
  onSwarmSize: ((viewers: number) => void) | null = null;
  private readonly member: Member;
  private swarmId: string | null = null;

  constructor(
    private readonly tracker: Tracker,
    readonly node: NetNode,
  ) {
    this.member = { node, network: this, index: -1, limit: tracker.options.maxPeers };
  }

  setPeerLimit(limit: number): void {
    this.member.limit = limit;
  }

  join(swarmId: string, _selfId: string): void {
    this.swarmId = swarmId;
    this.onStatus?.({ kind: 'online', detail: 'simulated tracker' });
    this.tracker.join(swarmId, this.member);
  }

  leave(): void {
    if (this.swarmId) this.tracker.leave(this.swarmId, this.member);
    this.swarmId = null;
    for (const link of [...this.node.links]) link.close('left');
  }

  deliver(link: PeerLink): void {
    if (this.onLink) this.onLink(link);
    else link.close('not joined');
  }
}
