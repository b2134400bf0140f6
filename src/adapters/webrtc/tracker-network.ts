// PeerNetwork over WebTorrent trackers: one TrackerClient per announce URL, one LinkPool shared
// by all of them, and one status summarising the trackers. It can be prepared before the swarm is
// known, so that joining costs no socket opening and no ICE gathering.

import type { NetworkStatus, PeerLink, PeerNetwork } from '../../core/ports.ts';
import { infoHashOf, peerIdOf, remoteIdOf } from './ids.ts';
import { callSafely } from './link.ts';
import { LinkPool } from './link-pool.ts';
import { resolveTracker, type TrackerNetworkOptions } from './options.ts';
import { TrackerClient, type TrackerState } from './tracker-client.ts';
import { summarise } from './tracker-status.ts';

export class TrackerNetwork implements PeerNetwork {
  onLink: ((link: PeerLink) => void) | null = null;
  onStatus: ((status: NetworkStatus) => void) | null = null;
  onSwarmSize: ((viewers: number) => void) | null = null;

  private readonly options: ReturnType<typeof resolveTracker> & { announce: string[] };
  private clients: TrackerClient[] = [];
  private pool: LinkPool | null = null;
  private peerId = '';
  /** The joined swarm; null while only prepared (or idle). */
  private infoHash: string | null = null;
  private states = new Map<string, TrackerState>();
  private lastStatus = '';
  /** The engine's current limit (PeerNetwork.setPeerLimit), kept for pools made later. */
  private peerLimit: number;

  constructor(options: TrackerNetworkOptions) {
    this.options = { ...resolveTracker(options), announce: [...options.announce] };
    this.peerLimit = this.options.maxPeers;
  }

  /**
   * Opens the tracker sockets and gathers the first offers before the swarm is known (they do
   * not depend on it), so that `join` announces at once: a joiner meets its peers that much
   * sooner. Nothing is announced until `join`.
   */
  prepare(selfId: string): void {
    if (this.pool) return; // prepared, connected or joined already
    this.start(peerIdOf(selfId), null, true);
  }

  /** Opens the tracker sockets only: offers are gathered when the swarm is joined. */
  connectSignaling(selfId: string): void {
    if (this.pool) return;
    this.start(peerIdOf(selfId), null, false);
  }

  /** Connected but not joined: each tracker is asked the swarm's size (see PeerNetwork.peek). */
  peek(swarmId: string): void {
    if (!this.pool || this.infoHash !== null) return;
    const infoHash = infoHashOf(swarmId);
    for (const client of this.clients) client.peekSwarm(infoHash);
  }

  setPeerLimit(limit: number): void {
    this.peerLimit = limit;
    this.pool?.setMaxPeers(limit);
  }

  join(swarmId: string, selfId: string): void {
    const peerId = peerIdOf(selfId);
    const infoHash = infoHashOf(swarmId);
    if (this.pool && this.infoHash === null && this.peerId === peerId) {
      // Prepared or connected: the sockets (and offers, if prepared) are ready; name the swarm,
      // and tell the listener, set only now, where the trackers stand.
      this.infoHash = infoHash;
      for (const client of this.clients) client.joinSwarm(infoHash);
      this.lastStatus = '';
      this.report(summarise(this.states));
      return;
    }
    this.leave();
    // Not prepared: the first announce learns the swarm's size, and the offers follow it.
    this.start(peerId, infoHash, false);
  }

  leave(): void {
    for (const client of this.clients) client.stop();
    this.clients = [];
    this.pool?.closeAll('left swarm');
    if (this.pool) this.report({ kind: 'offline', detail: 'left swarm' });
    this.pool = null;
    this.infoHash = null;
  }

  private start(peerId: string, infoHash: string | null, offersEarly: boolean): void {
    const pool = new LinkPool({
      selfId: remoteIdOf(peerId),
      iceServers: this.options.iceServers,
      maxPeers: this.peerLimit,
      link: this.options.link,
      onPeerFailure: (detail) => {
        if (this.pool === pool) this.report({ kind: 'degraded', detail });
      },
      onLink: (link) => {
        const listener = this.onLink;
        if (listener) callSafely(() => listener(link));
      },
    });
    this.pool = pool;
    this.peerId = peerId;
    this.infoHash = infoHash;
    const states = new Map<string, TrackerState>();
    this.states = states;
    this.lastStatus = '';
    this.clients = this.options.announce.map((url) => {
      states.set(url, { kind: 'connecting' });
      return new TrackerClient(url, infoHash, peerId, pool, this.options.timing, offersEarly, (state) => {
        if (this.pool !== pool) return;
        states.set(url, state);
        this.report(summarise(states));
        if (state.kind === 'online' && state.viewers) this.reportSize(states);
      });
    });
    this.report({ kind: 'connecting' });
    for (const client of this.clients) client.start();
  }

  /** The largest count any tracker gave: each sees only the viewers announcing to it. */
  private reportSize(states: Map<string, TrackerState>): void {
    let viewers = 0;
    for (const s of states.values())
      if (s.kind === 'online' && s.viewers) viewers = Math.max(viewers, s.viewers);
    const listener = this.onSwarmSize;
    if (listener && viewers > 0) callSafely(() => listener(viewers));
  }

  private report(status: NetworkStatus): void {
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    const listener = this.onStatus;
    if (listener) callSafely(() => listener(status));
  }
}
