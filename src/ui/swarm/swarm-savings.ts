// Savings wider than this viewer, from what is truly known: this viewer's own bytes, what its
// connected peers report of theirs (their word, clamped by the engine, so shown "as reported"),
// and the tracker's count of the whole swarm. Peers it is not connected to are not in the sum.

import type { EngineStats } from '../../core/engine/types.ts';
import { BYTES_PER_GB } from './savings.ts';

export interface SwarmSavings {
  /** Connected peers whose own figures are in the sum. */
  reporters: number;
  /** Bytes from peers: this viewer's plus the reporters'. Each is origin egress avoided. */
  originBytesAvoided: number;
  dollarsSaved: number;
  /** Share of the bytes delivered to this viewer and the reporters that came from peers. */
  p2pShare: number | null;
  /** Viewers in the whole swarm as the tracker counts them; null if no tracker said. */
  swarmSize: number | null;
}

export function swarmSavings(
  stats: Pick<EngineStats, 'bytes' | 'peers' | 'swarmSize'>,
  pricePerGB: number,
): SwarmSavings {
  const { origin, peers, passThrough } = stats.bytes;
  let delivered = origin + peers + passThrough;
  let fromPeers = peers;
  let reporters = 0;
  for (const peer of stats.peers) {
    if (!peer.reported) continue;
    reporters += 1;
    delivered += peer.reported.delivered;
    fromPeers += Math.min(peer.reported.fromPeers, peer.reported.delivered);
  }
  return {
    reporters,
    originBytesAvoided: fromPeers,
    dollarsSaved: (fromPeers / BYTES_PER_GB) * pricePerGB,
    p2pShare: delivered > 0 ? fromPeers / delivered : null,
    swarmSize: stats.swarmSize,
  };
}

/** Who the swarm figures speak for, in words. */
export function reportersWords(s: SwarmSavings): string {
  if (s.reporters === 0) return 'This viewer only: no connected peer has reported its figures yet.';
  const peers = s.reporters === 1 ? '1 connected peer' : `${s.reporters} connected peers`;
  return `This viewer and ${peers}, as reported by ${s.reporters === 1 ? 'that peer' : 'those peers'} (their own unverified figures, clamped).`;
}

export function swarmSizeWords(size: number | null): string {
  if (size === null) return 'unknown (no tracker count)';
  return `${size} (tracker's count)`;
}
