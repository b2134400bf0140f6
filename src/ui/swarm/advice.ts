// What a viewer can do about each way P2P stops or falters, in plain words. The engine says what
// happened (`p2p-state` reasons, `network` details); this says what to try.

import type { NetworkStatus } from '../../core/ports.ts';

/** The engine's reason when P2P is enabled but no network was given (no tracker, no tabs). */
export const NO_NETWORK = 'no way to meet peers (no tracker, and tabs do not meet over BroadcastChannel)';

const ORIGIN_PLAYS = 'The video keeps playing from the origin.';
const CHECK_TRACKER =
  'Check the tracker address (tracker= in the page address) and that the tracker is running; a proxy or firewall may block WebSockets.';

/** Advice for P2P turned off, by the reason the engine gave (null: it had no network). */
export function p2pOffAdvice(reason: string | null): string {
  if (reason === null || reason === NO_NETWORK)
    return 'Add a tracker (tracker=wss://… in the page address), or drop bc=0 so tabs of this browser meet.';
  if (reason === 'P2P is turned off') return 'Turn it on with the P2P switch under the video.';
  if (reason.startsWith('no Shoal manifest'))
    return 'Peers share only what they can check against the stream’s manifest: publish one next to the playlist (npx shoal pack <folder>), or add trust=1 in a closed network.';
  if (reason.includes('Shoal manifest') && reason.includes('invalid'))
    return 'Re-create the manifest from the same playlist (npx shoal pack <folder>).';
  if (reason.startsWith('playlist not understood'))
    return 'Check that the address points at an HLS playlist (.m3u8).';
  return 'Reload the page to try again.';
}

/**
 * Advice for a peer network that is down or partly down; null when there is nothing to do.
 * `tabs`: whether the page lets tabs of this browser meet over BroadcastChannel (unknown: undefined).
 */
export function networkAdvice(network: NetworkStatus | null, tabs?: boolean): string | null {
  if (network === null || network.kind === 'connecting' || network.kind === 'online') return null;
  if (network.detail === 'left swarm') return null;
  if (network.kind === 'offline') {
    if (!network.detail.includes('tracker'))
      return `${ORIGIN_PLAYS} Add a tracker (tracker=wss://… in the page address) so peers can be found.`;
    const tabsHint =
      tabs === false
        ? ' Without a tracker, tabs of this browser can still meet: drop bc=0 from the page address.'
        : '';
    return `${ORIGIN_PLAYS} ${CHECK_TRACKER}${tabsHint}`;
  }
  if (network.detail.includes('WebRTC'))
    return `${ORIGIN_PLAYS} This browser refused a peer connection: a privacy setting or an extension may block WebRTC.`;
  if (/tracker: offline|trackers? online|tracker .*closed/.test(network.detail)) {
    const still =
      tabs === false
        ? 'Peers met through the trackers that answer still trade.'
        : 'Tabs of this browser still meet over BroadcastChannel; viewers on other machines need the tracker.';
    return `${still} ${CHECK_TRACKER}`;
  }
  return `${ORIGIN_PLAYS} Peers still trade over the parts that work.`;
}
