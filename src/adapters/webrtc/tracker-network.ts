// PeerNetwork over WebTorrent trackers: one TrackerClient per announce URL, one LinkPool shared
// by all of them, and one status summarising the trackers.

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
  private lastStatus = '';

  constructor(options: TrackerNetworkOptions) {
    this.options = { ...resolveTracker(options), announce: [...options.announce] };
  }

  join(swarmId: string, selfId: string): void {
    this.leave();
    const peerId = peerIdOf(selfId);
    const infoHash = infoHashOf(swarmId);
    const pool = new LinkPool({
      selfId: remoteIdOf(peerId),
      iceServers: this.options.iceServers,
      maxPeers: this.options.maxPeers,
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
    const states = new Map<string, TrackerState>();
    this.lastStatus = '';
    this.clients = this.options.announce.map((url) => {
      states.set(url, { kind: 'connecting' });
      return new TrackerClient(url, infoHash, peerId, pool, this.options.timing, (state) => {
        if (this.pool !== pool) return;
        states.set(url, state);
        this.report(summarise(states));
        if (state.kind === 'online' && state.viewers) this.reportSize(states);
      });
    });
    this.report({ kind: 'connecting' });
    for (const client of this.clients) client.start();
  }

  leave(): void {
    for (const client of this.clients) client.stop();
    this.clients = [];
    this.pool?.closeAll('left swarm');
    if (this.pool) this.report({ kind: 'offline', detail: 'left swarm' });
    this.pool = null;
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
