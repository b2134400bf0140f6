// A network whose WebRTC work starts only when told to. Opening a tracker socket and gathering
// ICE for a batch of offers at once cost a page ~150-200 ms of its first frame (bench:swarm, one
// viewer: start-up +37 % with the network started at once, +4 % held until playback began), while
// the first segment comes from the origin either way. So the player starts first, then P2P. Only
// the signaling sockets open at once (a round trip or three to a tracker, no WebRTC work; one
// viewer: +2.5 %), and once the swarm is named they learn its size, so that the release sends
// offers at once instead of asking first (bench traces: the asking took 30-120 ms of the ~0.5 s
// a joiner has before its second segment's origin fallback).

import type { NetworkStatus, PeerLink, PeerNetwork } from '../ports.ts';

export class HeldNetwork implements PeerNetwork {
  onLink: ((link: PeerLink) => void) | null = null;
  onStatus: ((status: NetworkStatus) => void) | null = null;
  onSwarmSize: ((viewers: number) => void) | null = null;
  private released = false;
  private signaling = false;
  /** What was asked while held, replayed on release: the join (it warms up itself), else the warm-up. */
  private pending: { prepare: string | null; join: { swarmId: string; selfId: string } | null } = {
    prepare: null,
    join: null,
  };

  constructor(private readonly inner: PeerNetwork) {
    inner.onLink = (link) => this.onLink?.(link);
    inner.onStatus = (status) => this.onStatus?.(status);
    inner.onSwarmSize = (viewers) => this.onSwarmSize?.(viewers);
  }

  /** Lets the network start; what was asked meanwhile happens now. Later calls do nothing. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const { prepare, join } = this.pending;
    this.pending = { prepare: null, join: null };
    if (join) this.inner.join(join.swarmId, join.selfId);
    else if (prepare !== null) this.inner.prepare?.(prepare);
  }

  join(swarmId: string, selfId: string): void {
    if (this.released) this.inner.join(swarmId, selfId);
    else {
      this.pending.join = { swarmId, selfId };
      this.onStatus?.({ kind: 'connecting' });
      if (this.signaling) this.inner.peek?.(swarmId);
    }
  }

  prepare(selfId: string): void {
    if (this.released) this.inner.prepare?.(selfId);
    else {
      this.pending.prepare = selfId;
      this.signaling = true;
      this.inner.connectSignaling?.(selfId);
    }
  }

  /** Not WebRTC work: the inner network keeps the limit for when it starts. */
  setPeerLimit(limit: number): void {
    this.inner.setPeerLimit?.(limit);
  }

  leave(): void {
    this.pending = { prepare: null, join: null };
    if (this.released || this.signaling) this.inner.leave();
    this.signaling = false;
  }
}
