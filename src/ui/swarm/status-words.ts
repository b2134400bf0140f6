// The P2P status line in plain words, from the engine's `p2p-state` and `network` news.

import type { NetworkStatus } from '../../core/ports.ts';

export interface StatusWords {
  /** 'on' | 'off' drives the colour; the text carries the meaning on its own. */
  tone: 'on' | 'off' | 'warn';
  text: string;
}

export function networkWords(network: NetworkStatus | null): string {
  if (network === null) return 'not looking for peers yet';
  switch (network.kind) {
    case 'connecting':
      return 'connecting to the tracker…';
    case 'online':
      return `peer network online (${network.detail})`;
    case 'degraded':
      return `tracker partly reachable: ${network.detail}`;
    case 'offline':
      return `tracker unreachable${network.detail ? `: ${network.detail}` : ''}`;
  }
}

export function statusWords(
  p2p: { enabled: boolean; reason: string | null },
  network: NetworkStatus | null,
  peerCount: number,
): StatusWords {
  if (!p2p.enabled) {
    return {
      tone: 'off',
      text: `P2P is off${p2p.reason ? `: ${p2p.reason}` : ''}. Every byte comes from the origin.`,
    };
  }
  const peers = peerCount === 1 ? '1 peer connected' : `${peerCount} peers connected`;
  const tone = network && (network.kind === 'degraded' || network.kind === 'offline') ? 'warn' : 'on';
  return { tone, text: `P2P is on · ${networkWords(network)} · ${peers}.` };
}
