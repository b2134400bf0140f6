// The links of one joined swarm, whichever signaling found them: makes simple-peer connections,
// enforces the peer cap, keeps one link per remote peer, and hands open links to the network.

import './node-shims.ts';
import SimplePeer from 'simple-peer';
import { iceWaitMs } from './ice-wait.ts';
import { DEFAULT_LINK_OPTIONS, type LinkOptions, WebRtcLink } from './link.ts';
import { chooseLink, type LinkChoice, type LinkRole } from './link-choice.ts';

export type { LinkRole } from './link-choice.ts';

export interface LinkPoolOptions {
  /** Our id in the same space as remote ids (lowercase hex), for the tie-break below. */
  selfId: string;
  iceServers: RTCIceServer[];
  maxPeers: number;
  link: LinkOptions;
  onLink: (link: WebRtcLink) => void;
  /** This browser could not make a connection (reported as a status, not thrown). */
  onPeerFailure?: (detail: string) => void;
}

interface Entry {
  link: WebRtcLink;
  role: LinkRole;
}

export class LinkPool {
  private readonly entries = new Map<string, Entry>();
  private closed = false;
  private maxPeers: number;

  constructor(private readonly options: LinkPoolOptions) {
    this.maxPeers = options.maxPeers;
  }

  /** A new cap for links made from now on; links over a lowered cap stay open. */
  setMaxPeers(maxPeers: number): void {
    this.maxPeers = maxPeers;
  }

  get size(): number {
    return this.entries.size;
  }

  /** How many more links (connecting or open) the cap allows. */
  room(): number {
    return this.closed ? 0 : Math.max(0, this.maxPeers - this.entries.size);
  }

  has(remoteId: string): boolean {
    return this.entries.has(remoteId);
  }

  /** A new connection without trickle ICE (its one 'signal' event carries the whole SDP), or
   *  null when this browser cannot make one (no WebRTC, or too many connections). */
  createPeer(initiator: boolean): SimplePeer.Instance | null {
    let peer: SimplePeer.Instance;
    try {
      peer = new SimplePeer({
        initiator,
        trickle: false,
        iceCompleteTimeout: iceWaitMs(this.options.iceServers),
        config: { iceServers: this.options.iceServers },
        channelConfig: { ordered: true },
      });
    } catch (error) {
      this.options.onPeerFailure?.(`cannot create a WebRTC connection: ${(error as Error).message}`);
      return null;
    }
    // An EventEmitter without an 'error' listener throws; the link adds its own later.
    peer.on('error', () => {});
    return peer;
  }

  /**
   * Takes `peer` as the link to `remoteId`, or destroys it and returns null when the cap is
   * reached or a better link to that peer exists (see chooseLink).
   */
  adopt(peer: SimplePeer.Instance, remoteId: string, role: LinkRole): WebRtcLink | null {
    const choice = this.choose(remoteId, role);
    if (choice === 'reject') return this.reject(peer);
    if (choice === 'replace') this.entries.get(remoteId)?.link.close('duplicate link');
    const link = new WebRtcLink(remoteId, peer, this.options.link);
    const entry = { link, role };
    this.entries.set(remoteId, entry);
    link.onEnded = () => {
      if (this.entries.get(remoteId) === entry) this.entries.delete(remoteId);
    };
    link.onOpen = () => this.options.onLink(link);
    return link;
  }

  /** Whether a link to `remoteId` in this role would be kept: an offer to answer costs a connection. */
  wouldAdopt(remoteId: string, role: LinkRole): boolean {
    return this.choose(remoteId, role) !== 'reject';
  }

  private choose(remoteId: string, role: LinkRole): LinkChoice {
    if (this.closed) return 'reject';
    const existing = this.entries.get(remoteId);
    const existingLink = existing && { role: existing.role, open: existing.link.isOpen };
    return chooseLink(this.options.selfId, remoteId, existingLink, role, this.entries.size, this.maxPeers);
  }

  closeAll(reason: string): void {
    this.closed = true;
    for (const { link } of [...this.entries.values()]) link.close(reason);
    this.entries.clear();
  }

  private reject(peer: SimplePeer.Instance): null {
    peer.destroy();
    return null;
  }
}

/** Calls `fn` with the SDP of the peer's first local description (non-trickle: the only one). */
export function onceDescription(peer: SimplePeer.Instance, fn: (sdp: string) => void): void {
  let done = false;
  peer.on('signal', (data: SimplePeer.SignalData) => {
    if (done || !('sdp' in data) || typeof data.sdp !== 'string') return;
    done = true;
    fn(data.sdp);
  });
}

export function linkOptionsWith(overrides: Partial<LinkOptions> | undefined): LinkOptions {
  return { ...DEFAULT_LINK_OPTIONS, ...overrides };
}
