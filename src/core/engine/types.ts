// The engine's public vocabulary: requests from the player, results, events and stats.

import type { NetworkStatus } from '../ports.ts';
import type { ChokeReason } from '../swarm/refusals.ts';

export interface SegmentRequest {
  /** Absolute URL of the media playlist the segment belongs to. */
  playlistUrl: string;
  /** Media sequence number. */
  sequence: number;
  /** The URI as written in the playlist. */
  uri: string;
  /** Milliseconds from now until the player needs it (playhead reaches the segment). */
  deadlineMs: number;
}

export interface SegmentLoad {
  data: Uint8Array;
  /** Clock times (ms): transfer started, first bytes in, segment ready. */
  timing: { start: number; first: number; end: number };
  bytesFromOrigin: number;
  bytesFromPeers: number;
}

export type ShardArrival = 'origin' | 'peer' | 'store';

export interface SegmentOutcome {
  sequence: number;
  rendition: number;
  url: string;
  k: number;
  m: number;
  bytes: number;
  /** How each shard that made up the segment arrived. */
  shards: Array<{ index: number; via: ShardArrival; peerId: string | null }>;
  rejected: Array<{ index: number; peerId: string }>;
  rebuilt: boolean;
  bytesFromOrigin: number;
  bytesFromPeers: number;
  durationMs: number;
}

export type { ChokeReason } from '../swarm/refusals.ts';

/**
 * Whether shards flow each way just now: a side "chokes" the other when it refused the other's
 * requests in the last 5 s (CHOKE_HOLD_MS) and has served no shard since. 'busy': its uplink
 * was full; 'not-uploading': uploading is off there (metered connection, user switch), which
 * a peer may also have said in its hello. null: not refusing (or never asked).
 */
export interface PeerChoke {
  /** The peer refuses our requests. */
  byPeer: ChokeReason | null;
  /** We refuse the peer's requests. */
  byUs: ChokeReason | null;
}

export interface PeerStats {
  id: string;
  connectedMs: number;
  rttMs: number;
  /** Measured download rate from the peer, bytes per second. */
  downRate: number;
  bytesDown: number;
  bytesUp: number;
  shardsTaken: number;
  shardsGiven: number;
  segmentsHeld: number;
  choked: PeerChoke;
  /**
   * What the peer says its player received since its page loaded, bytes (to 1 kB): in all, and
   * from peers. Self-reported, so untrusted: clamped to what a player could receive (at most
   * 10 MB/s since its previous report) and for display only. null until the peer says (older
   * peers never do).
   */
  reported: { delivered: number; fromPeers: number } | null;
  /**
   * The peer's uplink rate as it measured and told it, bytes per second (0: it does not upload);
   * null until it says, or when it has not said for 30 s. The live split weighs viewers by it.
   */
  uplink: number | null;
}

export interface EngineStats {
  /** `uplink`: our uplink rate as measured and told to peers, bytes per second (null: not yet). */
  p2p: { enabled: boolean; reason: string | null; uploading: boolean; uplink: number | null };
  swarmId: string | null;
  bytes: { origin: number; peers: number; upload: number; passThrough: number };
  segments: { origin: number; peers: number; mixed: number; store: number; passThrough: number };
  peers: PeerStats[];
  bans: Array<{ peerId: string; reason: string }>;
  network: NetworkStatus | null;
  /** Viewers in the whole swarm, as a tracker counts them; null while no tracker has said. */
  swarmSize: number | null;
}

export interface EngineEvents {
  bytes: { via: 'origin' | 'peer' | 'upload' | 'pass-through'; bytes: number; peerId: string | null };
  segment: SegmentOutcome;
  peer: { change: 'joined' | 'left'; peerId: string; reason: string | null };
  ban: { peerId: string; reason: string };
  /** Data shards of a segment requested from the origin, and why. */
  'origin-fetch': {
    sequence: number;
    rendition: number;
    indices: readonly number[];
    reason: string;
    peers: number;
  };
  'p2p-state': { enabled: boolean; reason: string | null };
  network: NetworkStatus;
  error: { kind: string; message: string };
}
