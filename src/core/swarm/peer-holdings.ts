// What one peer holds: a shard bitmap per segment, keyed by rendition, then sequence. Both are
// small integers, so a lookup compares numbers instead of building and comparing a key string:
// the planner reads every peer's bitmap of its segment on every plan.

import type { SegmentRef } from '../protocol/messages.ts';

export class PeerHoldings {
  private readonly byRendition = new Map<number, Map<number, Uint8Array>>();
  private count = 0;

  /** Segments held. */
  get size(): number {
    return this.count;
  }

  get(ref: SegmentRef): Uint8Array | undefined {
    return this.byRendition.get(ref.rendition)?.get(ref.sequence);
  }

  set(ref: SegmentRef, bits: Uint8Array): void {
    let bySequence = this.byRendition.get(ref.rendition);
    if (!bySequence) {
      bySequence = new Map();
      this.byRendition.set(ref.rendition, bySequence);
    }
    if (!bySequence.has(ref.sequence)) this.count += 1;
    bySequence.set(ref.sequence, bits);
  }

  delete(ref: SegmentRef): void {
    if (this.byRendition.get(ref.rendition)?.delete(ref.sequence)) this.count -= 1;
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
  }

  clear(): void {
    this.byRendition.clear();
    this.count = 0;
  }
}
