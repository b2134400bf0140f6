// An in-memory mesh: every viewer that joins a swarm is linked to every other, with a
// latency and an optional per-link rate, on a virtual clock.

import type { Clock, NetworkStatus, PeerLink, PeerNetwork } from '../ports.ts';

class FakeLink implements PeerLink {
  other: FakeLink | null = null;
  closed = false;
  onFrame: ((frame: Uint8Array) => void) | null = null;
  onClose: ((reason: string) => void) | null = null;
  onDrain: (() => void) | null = null;
  /** Rewrites outgoing frames (a hostile peer in tests). */
  tamper: ((frame: Uint8Array) => Uint8Array | null) | null = null;
  private busyUntil = 0;

  constructor(
    readonly remoteId: string,
    private readonly clock: Clock,
    private readonly latencyMs: number,
    private readonly bytesPerMs: number,
  ) {}

  send(frame: Uint8Array): boolean {
    if (this.closed || !this.other) return false;
    const out = this.tamper ? this.tamper(frame) : frame;
    if (!out) return true;
    const now = this.clock.now();
    this.busyUntil = Math.max(this.busyUntil, now) + out.length / this.bytesPerMs;
    const other = this.other;
    const copy = out.slice();
    this.clock.setTimer(this.busyUntil - now + this.latencyMs, () => {
      if (!other.closed) other.onFrame?.(copy);
    });
    return true;
  }

  bufferedBytes(): number {
    return Math.max(0, this.busyUntil - this.clock.now()) * this.bytesPerMs;
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.(reason);
    const other = this.other;
    if (other && !other.closed) this.clock.setTimer(this.latencyMs, () => other.close('remote closed'));
  }
}

export class FakeHub {
  private readonly members = new Map<string, { swarmId: string; network: FakeNetwork }>();
  readonly links: FakeLink[] = [];

  constructor(
    readonly clock: Clock,
    readonly latencyMs = 10,
    readonly bytesPerMs = 2_000,
  ) {}

  network(): FakeNetwork {
    return new FakeNetwork(this);
  }

  join(selfId: string, swarmId: string, network: FakeNetwork): void {
    for (const [id, member] of this.members) {
      if (member.swarmId !== swarmId) continue;
      const a = new FakeLink(id, this.clock, this.latencyMs, this.bytesPerMs);
      const b = new FakeLink(selfId, this.clock, this.latencyMs, this.bytesPerMs);
      a.other = b;
      b.other = a;
      this.links.push(a, b);
      this.clock.setTimer(this.latencyMs, () => {
        network.onLink?.(a);
        member.network.onLink?.(b);
      });
    }
    this.members.set(selfId, { swarmId, network });
  }

  leave(selfId: string): void {
    this.members.delete(selfId);
    for (const link of this.links) if (link.remoteId === selfId && link.other) link.other.close('left');
  }

  /** Links whose sending side is `fromId` (to tamper with what it sends). */
  linksFrom(fromId: string): FakeLink[] {
    return this.links.filter((l) => l.other?.remoteId === fromId);
  }
}

export class FakeNetwork implements PeerNetwork {
  onLink: ((link: PeerLink) => void) | null = null;
  onStatus: ((status: NetworkStatus) => void) | null = null;
  /** What the engine asked of it, in order, for tests of when it prepares, joins and leaves. */
  readonly calls: Array<'prepare' | 'join' | 'leave'> = [];
  private selfId: string | null = null;

  constructor(private readonly hub: FakeHub) {}

  prepare(): void {
    this.calls.push('prepare');
  }

  join(swarmId: string, selfId: string): void {
    this.calls.push('join');
    this.selfId = selfId;
    this.hub.join(selfId, swarmId, this);
    this.onStatus?.({ kind: 'online', detail: 'fake hub' });
  }

  leave(): void {
    this.calls.push('leave');
    if (this.selfId) this.hub.leave(this.selfId);
  }
}
