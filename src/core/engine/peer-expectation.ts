// Whether peers are about to offer a segment, so the planner may wait for them a little
// instead of going to the origin at once.

import type { SegmentInfo } from '../content/segment-info.ts';
import type { PeerSession } from '../swarm/peer-session.ts';

/** After joining a swarm, segments with time to spare wait this long for peers to connect. */
export const PEER_WARMUP_MS = 5000;
/** A peer that gained a segment at most this many before ours is likely to gain ours next... */
const FOLLOW_GAP_SEGMENTS = 2;
/** ...within this long of its last announcement, or we stop waiting for it. */
const FOLLOW_WAIT_MS = 1500;

/**
 * Until when peers are expected to offer `info` (0: not expected): while the swarm is young and
 * a peer is still connecting or has not said what it holds; or while a peer (of lower id, so two
 * viewers never wait for each other) is gaining the segments just before it, as a VOD viewer
 * filling its buffer ahead of us does.
 */
export function expectPeersUntil(
  info: SegmentInfo,
  peers: readonly PeerSession[],
  selfId: string,
  joinedAt: number,
  now: number,
): number {
  if (now - joinedAt < PEER_WARMUP_MS && (peers.length === 0 || peers.some((p) => !p.holdingsKnown)))
    return joinedAt + PEER_WARMUP_MS;
  let until = 0;
  for (const peer of peers) {
    const progress = peer.progress.get(info.ref.rendition);
    if (!progress || peer.id > selfId) continue;
    const gap = info.ref.sequence - progress.sequence;
    if (gap >= 1 && gap <= FOLLOW_GAP_SEGMENTS) until = Math.max(until, progress.at + FOLLOW_WAIT_MS);
  }
  return until;
}

/**
 * A just-connected peer says what it holds in its first message after hello, some tens of ms
 * later; past this, it is taken at its (empty) word.
 */
export const HOLDINGS_WAIT_MS = 500;

/**
 * Whether a joiner should hold back its live-split share a moment: a peer connected less than
 * HOLDINGS_WAIT_MS ago has not said what it holds yet. Until it does, every segment looks unheld,
 * and a joiner would fetch its share from the origin of segments its peers hold already
 * (browser bench, live x4: half of each joiner's second segment).
 */
export function awaitingHoldings(peers: readonly PeerSession[], joinedAt: number, now: number): boolean {
  if (now - joinedAt >= PEER_WARMUP_MS) return false;
  return peers.some((p) => !p.holdingsKnown && now - p.connectedAt < HOLDINGS_WAIT_MS);
}
