// Options of the two networks, with documented defaults, validated once when a network is made.

import type { LinkOptions } from './link.ts';
import { DEFAULT_LINK_OPTIONS } from './link.ts';
import type { TrackerTiming } from './tracker-client.ts';

export interface WebRtcNetworkOptions {
  /** STUN/TURN servers. None by default: enough on one machine or one LAN (see docs/networking.md). */
  iceServers?: RTCIceServer[];
  /** Most links (connecting or open) at once. Default 12. */
  maxPeers?: number;
  /** Framing, backpressure and timeout settings of each link (defaults in DEFAULT_LINK_OPTIONS). */
  link?: Partial<LinkOptions>;
}

export interface TrackerNetworkOptions extends WebRtcNetworkOptions, Partial<TrackerTiming> {
  /** WebSocket URLs of WebTorrent trackers (ws:// or wss://), all used at once. */
  announce: string[];
}

export interface BroadcastNetworkOptions extends WebRtcNetworkOptions {
  /** How often each tab says hello, so late or restarted tabs find it. Default 3000 ms. */
  helloIntervalMs?: number;
}

export interface ResolvedOptions {
  iceServers: RTCIceServer[];
  maxPeers: number;
  link: LinkOptions;
}

export const DEFAULT_MAX_PEERS = 12;

export const DEFAULT_TRACKER_TIMING: TrackerTiming = {
  offersPerAnnounce: 5,
  minAnnounceIntervalMs: 15_000,
  maxAnnounceIntervalMs: 120_000,
  offerTimeoutMs: 50_000,
  offerGatherTimeoutMs: 6_000,
  reconnectMinMs: 1_000,
  reconnectMaxMs: 60_000,
};

export class WebRtcOptionsError extends Error {
  override readonly name = 'WebRtcOptionsError';
  readonly kind = 'invalid-options' as const;
}

export function resolveCommon(options: WebRtcNetworkOptions): ResolvedOptions {
  const link = { ...DEFAULT_LINK_OPTIONS, ...options.link };
  for (const [name, value] of Object.entries(link)) positive(`link.${name}`, value);
  if (link.chunkBytes < 64 || link.chunkBytes > 64 * 1024) {
    throw new WebRtcOptionsError(`link.chunkBytes must be within 64..65536, got ${link.chunkBytes}`);
  }
  if (link.lowWaterBytes > link.highWaterBytes) {
    throw new WebRtcOptionsError('link.lowWaterBytes must not exceed link.highWaterBytes');
  }
  if (link.maxQueuedBytes < link.maxFrameBytes) {
    throw new WebRtcOptionsError('link.maxQueuedBytes must be at least link.maxFrameBytes');
  }
  const maxPeers = options.maxPeers ?? DEFAULT_MAX_PEERS;
  positive('maxPeers', maxPeers);
  return { iceServers: options.iceServers ?? [], maxPeers, link };
}

export function resolveTracker(options: TrackerNetworkOptions): ResolvedOptions & { timing: TrackerTiming } {
  if (!Array.isArray(options.announce) || options.announce.length === 0) {
    throw new WebRtcOptionsError('announce must list at least one tracker URL');
  }
  for (const url of options.announce) {
    if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) {
      throw new WebRtcOptionsError(`announce URL must start with ws:// or wss://, got ${String(url)}`);
    }
  }
  const timing = { ...DEFAULT_TRACKER_TIMING };
  for (const key of Object.keys(timing) as (keyof TrackerTiming)[]) {
    const value = options[key];
    if (value !== undefined) timing[key] = value;
    if (key !== 'offersPerAnnounce') positive(key, timing[key]);
  }
  if (!Number.isInteger(timing.offersPerAnnounce) || timing.offersPerAnnounce < 0) {
    throw new WebRtcOptionsError('offersPerAnnounce must be a non-negative integer');
  }
  return { ...resolveCommon(options), timing };
}

function positive(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new WebRtcOptionsError(`${name} must be a positive number, got ${String(value)}`);
  }
}
