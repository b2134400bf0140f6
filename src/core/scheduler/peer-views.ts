// The planner's view of a job's peers, kept between the job's plans and refreshed in place: a job
// plans dozens of times over the same ready peers, and building a view and a holdings reader per
// peer on every plan was a tenth of the simulator's allocations.

import { getBit } from '../protocol/bitmap.ts';
import type { SegmentRef } from '../protocol/messages.ts';
import type { PeerSession } from '../swarm/peer-session.ts';
import type { PeerView } from './plan.ts';

/** A peer's holdings of one segment as the planner reads them: its bitmap (none: nothing held). */
class HeldShards {
  bits: Uint8Array | undefined = undefined;

  has(index: number): boolean {
    const bits = this.bits;
    return bits !== undefined && index < bits.length * 8 && getBit(bits, index);
  }
}

interface Refreshed extends PeerView {
  holds: HeldShards;
  busyUntil: number;
}

export class PeerViews {
  private readonly views: Refreshed[] = [];

  /** Views of `peers` as they are now, for one plan: the next call refreshes the same objects. */
  of(peers: readonly PeerSession[], ref: SegmentRef, maxRequests: number): readonly PeerView[] {
    const views = this.views;
    while (views.length < peers.length)
      views.push({ id: '', holds: new HeldShards(), rate: 0, pendingBytes: 0, slots: 0, busyUntil: 0 });
    views.length = peers.length;
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i]!;
      const view = views[i]!;
      view.id = peer.id;
      view.holds.bits = peer.bitsFor(ref);
      view.rate = peer.downRate.rate;
      view.pendingBytes = peer.pendingBytes();
      view.slots = maxRequests - peer.pending.size;
      view.busyUntil = peer.busyUntil;
    }
    return views;
  }
}
