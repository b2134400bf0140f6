// PeerNetwork between tabs of one browser, no server: offers and answers travel over a
// BroadcastChannel, then the same simple-peer links as with a tracker carry the data.
// Every tab says hello now and then; of two tabs that meet, the one with the lower id offers.

import type SimplePeer from 'simple-peer';
import type { NetworkStatus, PeerLink, PeerNetwork } from '../../core/ports.ts';
import { peerIdOf, remoteIdOf } from './ids.ts';
import { callSafely } from './link.ts';
import { LinkPool, onceDescription } from './link-pool.ts';
import { type BroadcastNetworkOptions, type ResolvedOptions, resolveCommon } from './options.ts';
import { parseTabMessage, type TabMessage } from './tab-messages.ts';
import { signalSafely } from './tracker-client.ts';

export class BroadcastNetwork implements PeerNetwork {
  onLink: ((link: PeerLink) => void) | null = null;
  onStatus: ((status: NetworkStatus) => void) | null = null;

  private readonly options: ResolvedOptions;
  private readonly helloIntervalMs: number;
  private session: {
    channel: BroadcastChannel;
    pool: LinkPool;
    timer: ReturnType<typeof setInterval>;
  } | null = null;
  private selfId = '';
  /** The engine's current limit (PeerNetwork.setPeerLimit), kept for a session made later. */
  private peerLimit: number;
  /** Our offers waiting for an answer, by remote id. */
  private readonly offers = new Map<string, SimplePeer.Instance>();

  constructor(options: BroadcastNetworkOptions = {}) {
    this.options = resolveCommon(options);
    this.peerLimit = this.options.maxPeers;
    this.helloIntervalMs = options.helloIntervalMs ?? 3000;
  }

  setPeerLimit(limit: number): void {
    this.peerLimit = limit;
    this.session?.pool.setMaxPeers(limit);
  }

  join(swarmId: string, selfId: string): void {
    this.leave();
    if (typeof BroadcastChannel !== 'function') {
      this.report({ kind: 'offline', detail: 'BroadcastChannel is not available' });
      return;
    }
    this.selfId = remoteIdOf(peerIdOf(selfId));
    const pool = new LinkPool({
      selfId: this.selfId,
      iceServers: this.options.iceServers,
      maxPeers: this.peerLimit,
      link: this.options.link,
      onPeerFailure: (detail) => this.report({ kind: 'degraded', detail }),
      onLink: (link) => {
        const listener = this.onLink;
        if (listener) callSafely(() => listener(link));
      },
    });
    const channel = new BroadcastChannel(`shoal:${swarmId}`);
    channel.onmessage = (event) => this.handleMessage(event.data);
    const timer = setInterval(
      () => this.post({ app: 'shoal', type: 'hello', from: this.selfId }),
      this.helloIntervalMs,
    );
    this.session = { channel, pool, timer };
    this.report({ kind: 'online', detail: `tabs on channel shoal:${swarmId}` });
    this.post({ app: 'shoal', type: 'hello', from: this.selfId });
  }

  leave(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    clearInterval(session.timer);
    session.channel.onmessage = null;
    session.channel.close();
    session.pool.closeAll('left swarm');
    this.offers.clear();
    this.report({ kind: 'offline', detail: 'left swarm' });
  }

  private handleMessage(data: unknown): void {
    const session = this.session;
    const message = parseTabMessage(data);
    if (!session || !message || message.from === this.selfId) return;
    if (message.to !== undefined && message.to !== this.selfId) return;
    const { pool } = session;
    const remote = message.from;
    switch (message.type) {
      case 'hello': {
        if (pool.has(remote) || pool.room() === 0) return;
        if (this.selfId > remote) {
          // The lower id offers; a broadcast hello gets an addressed one back so it knows us.
          if (message.to === undefined)
            this.post({ app: 'shoal', type: 'hello', from: this.selfId, to: remote });
          return;
        }
        const peer = pool.createPeer(true);
        const link = peer && pool.adopt(peer, remote, 'offerer');
        if (!peer || !link) return;
        this.offers.set(remote, peer);
        link.onEnded = chain(link.onEnded, () => {
          if (this.offers.get(remote) === peer) this.offers.delete(remote);
        });
        onceDescription(peer, (sdp) =>
          this.post({ app: 'shoal', type: 'offer', from: this.selfId, to: remote, sdp }),
        );
        return;
      }
      case 'offer': {
        const peer = pool.createPeer(false);
        if (!peer || !pool.adopt(peer, remote, 'answerer')) return;
        onceDescription(peer, (sdp) =>
          this.post({ app: 'shoal', type: 'answer', from: this.selfId, to: remote, sdp }),
        );
        signalSafely(peer, { type: 'offer', sdp: message.sdp });
        return;
      }
      case 'answer': {
        const peer = this.offers.get(remote);
        if (!peer) return;
        this.offers.delete(remote);
        signalSafely(peer, { type: 'answer', sdp: message.sdp });
        return;
      }
    }
  }

  private post(message: TabMessage): void {
    try {
      this.session?.channel.postMessage(message);
    } catch {
      // A closed channel: leave() is under way.
    }
  }

  private report(status: NetworkStatus): void {
    const listener = this.onStatus;
    if (listener) callSafely(() => listener(status));
  }
}

function chain(first: ((reason: string) => void) | null, second: (reason: string) => void) {
  return (reason: string) => {
    first?.(reason);
    second(reason);
  };
}
