// Which of our new holdings one peer needs to hear of: not shards it holds itself, nor anything
// of a segment it can already rebuild. A live swarm's viewers complete each segment at about
// the same time, so most late news would wake planners that have nothing left to plan.

import { getBit } from '../protocol/bitmap.ts';
import type { SegmentRef, SegmentShards } from '../protocol/messages.ts';
import type { PeerSession } from './peer-session.ts';

/** `k(ref)`: shards that rebuild the segment (undefined: unknown, so nothing is left out). */
export function newsFor(
  peer: PeerSession,
  added: readonly SegmentShards[],
  k: (ref: SegmentRef) => number | undefined,
): SegmentShards[] {
  const out: SegmentShards[] = [];
  for (const entry of added) {
    const bits = peer.bitsFor(entry.segment);
    if (!bits) {
      out.push(entry);
      continue;
    }
    const needed = k(entry.segment);
    if (needed !== undefined && peer.heldCount(entry.segment) >= needed) continue;
    const indices = entry.indices.filter((i) => i >= bits.length * 8 || !getBit(bits, i));
    if (indices.length > 0) out.push(indices.length === entry.indices.length ? entry : { ...entry, indices });
  }
  return out;
}
