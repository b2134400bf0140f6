// Which peer is asked for which shard: the shards peers can send, rarest first, each to the
// holder expected to deliver it soonest by its measured rate and what it already owes us.

import type { PeerView, PendingPeerShard, PlanInput } from './plan.ts';

/** Ms a peer is expected to take for one more shard, behind what it already owes us. */
export function expectedMs(peer: PeerView, shardSize: number): number {
  return (peer.pendingBytes + shardSize) / Math.max(peer.rate, 1e-3);
}

export interface Candidate {
  index: number;
  holders: PeerView[];
}

/** Shards not had, pending or going to the origin that some peer may send, rarest first. */
export function peerCandidates(
  input: PlanInput,
  live: ReadonlyMap<number, PendingPeerShard>,
  holdersOf: (index: number) => PeerView[],
  toOrigin: readonly number[],
): Candidate[] {
  const { k } = input;
  const candidates: Candidate[] = [];
  for (let index = 0; index < k + input.m; index++) {
    if (
      input.have.has(index) ||
      live.has(index) ||
      input.pendingOrigin.has(index) ||
      toOrigin.includes(index)
    )
      continue;
    const holders = holdersOf(index);
    if (holders.length > 0) candidates.push({ index, holders });
  }
  // Rarest first, so shards only one peer has are not crowded out of its request slots by
  // common ones; among equals, data shards (no decoding needed), then by index.
  candidates.sort(
    (a, b) =>
      a.holders.length - b.holders.length || Number(a.index >= k) - Number(b.index >= k) || a.index - b.index,
  );
  return candidates;
}

/**
 * Up to `need` candidates, each given to the holder expected to finish it first (measured rate,
 * what it already owes, request slots); `busy` hears of holders left aside until a time.
 */
export function spread(
  input: PlanInput,
  candidates: readonly Candidate[],
  need: number,
  busy: (until: number) => void,
): Array<{ index: number; peer: PeerView; finishMs: number }> {
  const { now, shardSize } = input;
  // Shards given out here to each peer, on top of what it owes us already.
  const given = new Map<string, number>();
  const chosen: Array<{ index: number; peer: PeerView; finishMs: number }> = [];
  for (const { index, holders } of candidates) {
    if (chosen.length >= need) break;
    let best: PeerView | null = null;
    let bestFinish = Number.POSITIVE_INFINITY;
    for (const peer of holders) {
      const n = given.get(peer.id) ?? 0;
      if (peer.slots - n <= 0) continue;
      if (peer.busyUntil !== undefined && peer.busyUntil > now) {
        busy(peer.busyUntil);
        continue;
      }
      const finish = (peer.pendingBytes + n * shardSize + shardSize) / Math.max(peer.rate, 1e-3);
      if (finish < bestFinish) {
        best = peer;
        bestFinish = finish;
      }
    }
    if (!best) continue;
    given.set(best.id, (given.get(best.id) ?? 0) + 1);
    chosen.push({ index, peer: best, finishMs: bestFinish });
  }
  return chosen;
}
