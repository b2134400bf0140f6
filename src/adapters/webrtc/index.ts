// The browser's PeerNetworks: WebRTC data channels (simple-peer), found through WebTorrent
// trackers or, between tabs of one browser, through a BroadcastChannel.

import type { PeerNetwork } from '../../core/ports.ts';
import { BroadcastNetwork } from './broadcast-network.ts';
import type { BroadcastNetworkOptions, TrackerNetworkOptions } from './options.ts';
import { TrackerNetwork } from './tracker-network.ts';

export { FrameTooLargeError, FramingError } from './errors.ts';
export { randomSelfId } from './ids.ts';
export { DEFAULT_LINK_OPTIONS, type LinkOptions } from './link.ts';
export {
  type BroadcastNetworkOptions,
  DEFAULT_MAX_PEERS,
  DEFAULT_TRACKER_TIMING,
  type TrackerNetworkOptions,
  type WebRtcNetworkOptions,
  WebRtcOptionsError,
} from './options.ts';

/** Peers of a swarm through WebTorrent trackers (WebSocket), connected by WebRTC. */
export function createTrackerNetwork(options: TrackerNetworkOptions): PeerNetwork {
  return new TrackerNetwork(options);
}

/** Peers of a swarm among the tabs of this browser (BroadcastChannel), connected by WebRTC. */
export function createBroadcastNetwork(options: BroadcastNetworkOptions = {}): PeerNetwork {
  return new BroadcastNetwork(options);
}
