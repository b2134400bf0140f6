// Live split: each viewer at the live edge fetches a different slice of a new segment's data
// shards from the origin and trades the rest, so the swarm draws about one copy per segment.
// Every viewer computes the same assignment from the same sorted membership.

/** The data shards `selfId` fetches for a segment, or null when alone (nobody to split with). */
export function liveShare(
  selfId: string,
  peerIds: readonly string[],
  k: number,
  sequence: number,
): number[] | null {
  const ids = [selfId, ...peerIds].sort();
  if (ids.length < 2) return null;
  const rank = ids.indexOf(selfId);
  const share: number[] = [];
  // Rotating by sequence spreads the uneven remainder (k not a multiple of n) over viewers.
  for (let i = 0; i < k; i++) if ((i + sequence) % ids.length === rank) share.push(i);
  return share;
}
