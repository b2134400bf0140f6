// What this viewer holds and may serve: shard indices per segment, with the shard count
// each segment's bitmap needs. Keyed by segmentNumber: read for every shard kept or uploaded.

import { segmentNumber } from '../content/segment-info.ts';
import { bitmapFromIndices } from '../protocol/bitmap.ts';
import type { SegmentHoldings, SegmentRef } from '../protocol/messages.ts';

interface Held {
  ref: SegmentRef;
  shardCount: number;
  indices: Set<number>;
}

export class LocalHoldings {
  private readonly held = new Map<number, Held>();

  add(ref: SegmentRef, shardCount: number, index: number): boolean {
    const key = segmentNumber(ref);
    let entry = this.held.get(key);
    if (!entry) {
      entry = { ref, shardCount, indices: new Set() };
      this.held.set(key, entry);
    }
    if (entry.indices.has(index)) return false;
    entry.indices.add(index);
    return true;
  }

  remove(ref: SegmentRef, index: number): void {
    const entry = this.held.get(segmentNumber(ref));
    entry?.indices.delete(index);
    if (entry && entry.indices.size === 0) this.held.delete(segmentNumber(ref));
  }

  /** Removes a rendition's segments older than `sequence`; returns them with the indices that were held. */
  dropBefore(rendition: number, sequence: number): Array<{ ref: SegmentRef; indices: ReadonlySet<number> }> {
    const dropped: Array<{ ref: SegmentRef; indices: ReadonlySet<number> }> = [];
    for (const [key, held] of this.held)
      if (held.ref.rendition === rendition && held.ref.sequence < sequence) {
        this.held.delete(key);
        dropped.push(held);
      }
    return dropped;
  }

  indices(ref: SegmentRef): number[] {
    return [...(this.held.get(segmentNumber(ref))?.indices ?? [])].sort((a, b) => a - b);
  }

  /** How many shards of the segment are held. */
  count(ref: SegmentRef): number {
    return this.held.get(segmentNumber(ref))?.indices.size ?? 0;
  }

  has(ref: SegmentRef, index: number): boolean {
    return this.held.get(segmentNumber(ref))?.indices.has(index) ?? false;
  }

  get segmentCount(): number {
    return this.held.size;
  }

  toMessage(): SegmentHoldings[] {
    return [...this.held.values()]
      .filter((h) => h.indices.size > 0)
      .map((h) => ({
        segment: h.ref,
        shardCount: h.shardCount,
        bitmap: bitmapFromIndices(h.shardCount, h.indices),
      }));
  }
}
