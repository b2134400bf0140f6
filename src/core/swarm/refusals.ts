// Whether one side of a peer link is refusing the other's shard requests just now ("choked", as
// BitTorrent says): from the `absent` answers it gave and the shards it sent. The scheduler has
// its own short back-off (PeerSession.busyUntil); this is what people are shown, so it holds a
// refusal long enough to be read, and a shard served afterwards clears it at once.

/** Why requests are refused: the uplink is full ('busy') or uploading is off ('choked' on the wire). */
export type ChokeReason = 'busy' | 'not-uploading';

/** A refusal counts for this long unless a shard is served after it. */
export const CHOKE_HOLD_MS = 5000;

export class Refusals {
  private last: { reason: ChokeReason; at: number } | null = null;
  private servedAt = Number.NEGATIVE_INFINITY;

  refused(reason: ChokeReason, now: number): void {
    this.last = { reason, at: now };
  }

  served(now: number): void {
    this.servedAt = now;
  }

  /** True once a shard has been served this way. */
  get everServed(): boolean {
    return this.servedAt > Number.NEGATIVE_INFINITY;
  }

  /** The reason of a refusal in the last CHOKE_HOLD_MS with no shard served since, else null. */
  state(now: number): ChokeReason | null {
    const last = this.last;
    if (!last || last.at < this.servedAt || now - last.at >= CHOKE_HOLD_MS) return null;
    return last.reason;
  }
}
