// What one peer holds: a shard bitmap per segment, keyed by rendition, then sequence. Both are
// small integers, so a lookup compares numbers instead of building and comparing a key string:
// the planner reads every peer's bitmap of its segment on every plan. The last segment looked up
// is remembered: a swarm's plans and news mostly concern the same segment one after another, and
// the two maps' tables, scattered over a large heap, cost cache misses on every lookup.

import type { SegmentRef } from '../protocol/messages.ts';

export class PeerHoldings {
  private readonly byRendition = new Map<number, Map<number, Uint8Array>>();
  private count = 0;
  /** The last segment looked up or changed, and its bitmap (undefined: not held). */
  private lastRendition = -1;
  private lastSequence = -1;
  private lastBits: Uint8Array | undefined = undefined;

  /** Segments held. */
  get size(): number {
    return this.count;
  }

  get(ref: SegmentRef): Uint8Array | undefined {
    if (ref.sequence === this.lastSequence && ref.rendition === this.lastRendition) return this.lastBits;
    const bits = this.byRendition.get(ref.rendition)?.get(ref.sequence);
    this.remember(ref, bits);
    return bits;
  }

  set(ref: SegmentRef, bits: Uint8Array): void {
    let bySequence = this.byRendition.get(ref.rendition);
    if (!bySequence) {
      bySequence = new Map();
      this.byRendition.set(ref.rendition, bySequence);
    }
    if (!bySequence.has(ref.sequence)) this.count += 1;
    bySequence.set(ref.sequence, bits);
    this.remember(ref, bits);
  }

  delete(ref: SegmentRef): void {
    if (this.byRendition.get(ref.rendition)?.delete(ref.sequence)) this.count -= 1;
    this.remember(ref, undefined);
  }

  /** Forgets a rendition's segments older than `sequence`. */
  deleteBefore(rendition: number, sequence: number): void {
    const bySequence = this.byRendition.get(rendition);
    if (!bySequence) return;
    for (const held of bySequence.keys())
      if (held < sequence) {
        bySequence.delete(held);
        this.count -= 1;
      }
    if (this.lastRendition === rendition && this.lastSequence < sequence) this.lastBits = undefined;
  }

  clear(): void {
    this.byRendition.clear();
    this.count = 0;
    this.lastBits = undefined;
  }

  private remember(ref: SegmentRef, bits: Uint8Array | undefined): void {
    this.lastRendition = ref.rendition;
    this.lastSequence = ref.sequence;
    this.lastBits = bits;
  }
}
