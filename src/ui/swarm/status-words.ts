// The P2P status line in plain words, from the engine's `p2p-state` and `network` news, with
// what the viewer can do when P2P is off or the peer network falters (advice.ts).

import type { NetworkStatus } from '../../core/ports.ts';
import { NO_NETWORK, networkAdvice, p2pOffAdvice } from './advice.ts';

export interface StatusWords {
  /** 'on' | 'off' drives the colour; the text carries the meaning on its own. */
  tone: 'on' | 'off' | 'warn';
  text: string;
  /** What to try, or null when all is well. */
  advice: string | null;
}

export function networkWords(network: NetworkStatus | null): string {
  if (network === null) return 'not looking for peers yet';
  switch (network.kind) {
    case 'connecting':
      return 'connecting to the tracker…';
    case 'online':
      return `peer network online (${network.detail})`;
    case 'degraded':
      return `peer network partly reachable: ${network.detail}`;
    case 'offline': {
      const what =
        network.detail.includes('tracker') || !network.detail
          ? 'tracker unreachable'
          : 'peer network offline';
      return `${what}${network.detail ? `: ${network.detail}` : ''}`;
    }
  }
}

/** `tabs`: whether the page lets tabs meet over BroadcastChannel, to tailor the advice. */
export function statusWords(
  p2p: { enabled: boolean; reason: string | null },
  network: NetworkStatus | null,
  peerCount: number,
  tabs?: boolean,
): StatusWords {
  if (!p2p.enabled) {
    return {
      tone: 'off',
      text: `P2P is off: ${p2p.reason ?? NO_NETWORK}. Every byte comes from the origin.`,
      advice: p2pOffAdvice(p2p.reason),
    };
  }
  const peers = peerCount === 1 ? '1 peer connected' : `${peerCount} peers connected`;
  const tone = network && (network.kind === 'degraded' || network.kind === 'offline') ? 'warn' : 'on';
  return {
    tone,
    text: `P2P is on · ${networkWords(network)} · ${peers}.`,
    advice: networkAdvice(network, tabs),
  };
}
