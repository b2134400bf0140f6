// Live split: each viewer at the live edge fetches a different slice of a new segment's data
// shards from the origin and trades the rest, so the swarm draws about one copy per segment.
// Every viewer computes the same assignment from the same sorted membership.

/** Our place in the split: our rank among the sorted ids of us and our peers, and their number. */
export interface SplitPlace {
  readonly rank: number;
  readonly size: number;
}

/** Where `selfId` stands among its peers, or null when alone (nobody to split with). */
export function splitPlace(selfId: string, peerIds: readonly string[]): SplitPlace | null {
  const ids = [selfId, ...peerIds].sort();
  return ids.length < 2 ? null : { rank: ids.indexOf(selfId), size: ids.length };
}

/**
 * The data shards the viewer at `place` fetches for a segment: one contiguous block, so one
 * HTTP Range request (data shard i is bytes [i*s, (i+1)*s) of the segment), not one per shard.
 */
export function placeShare(place: SplitPlace, k: number, sequence: number): number[] {
  // Rotating blocks by sequence spreads the uneven remainder (k not a multiple of n) over viewers.
  const block = (place.rank + sequence) % place.size;
  const first = Math.floor((block * k) / place.size);
  const end = Math.floor(((block + 1) * k) / place.size);
  const share: number[] = [];
  for (let i = first; i < end; i++) share.push(i);
  return share;
}

/** The data shards `selfId` fetches for a segment, or null when alone (nobody to split with). */
export function liveShare(
  selfId: string,
  peerIds: readonly string[],
  k: number,
  sequence: number,
): number[] | null {
  const place = splitPlace(selfId, peerIds);
  return place ? placeShare(place, k, sequence) : null;
}
