// How many peers this viewer links to. A viewer whose uplink is several times its neighbours'
// serves more of them: where most viewers upload little, the few with a strong uplink are the
// swarm's real suppliers, and with the same number of links as everyone most weak viewers had
// none of them among their peers (simulator, mixed population: at the origin fallbacks, 41 % of
// weak viewers had no strong neighbour, and the strong ones used 62 % of their uplink).

import type { ShoalConfig } from '../config.ts';

/** Our uplink at least this many times our peers' median: we take more peers... */
const STRONG_RATIO = 3;
/** ...and below this many times it, the usual number again (between the two, no change). */
const ORDINARY_RATIO = 1.5;
/** Peers whose uplink we know before comparing with theirs: a median of two says little. */
const MIN_KNOWN = 4;

/**
 * The most peers to link to, given our measured uplink and what our peers told of theirs (bytes
 * per second; null: unknown, 0: they do not upload), and the limit in force now.
 */
export function peerBudget(
  config: Pick<ShoalConfig, 'maxPeers' | 'strongUplinkMaxPeers'>,
  ourUplink: number | null,
  peerUplinks: readonly (number | null)[],
  current: number,
): number {
  const strong = Math.max(config.maxPeers, config.strongUplinkMaxPeers);
  if (strong === config.maxPeers || !ourUplink) return config.maxPeers;
  const known = peerUplinks.filter((rate): rate is number => rate !== null).sort((a, b) => a - b);
  if (known.length < MIN_KNOWN) return current;
  const median = known[Math.floor(known.length / 2)]!;
  if (ourUplink >= STRONG_RATIO * median) return strong;
  if (ourUplink < ORDINARY_RATIO * median) return config.maxPeers;
  return current;
}
