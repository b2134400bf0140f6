// One config object with documented defaults, validated once at the boundary.

export interface ShoalConfig {
  /** Trade shards with peers at all. When false Shoal is a plain pass-through loader. */
  p2p: boolean;
  /** Allow P2P without an origin manifest (closed networks only: nothing can be verified). */
  trustPeers: boolean;
  /** Most peers connected at once. */
  maxPeers: number;
  /** Upload cap in bytes per second (Infinity: uncapped). */
  uploadBytesPerSecond: number;
  /** Upload cap over the whole session, in bytes (Infinity: uncapped). */
  uploadTotalBytes: number;
  /** Never upload on metered connections (Network Information API says saveData or cellular). */
  downloadOnlyWhenMetered: boolean;
  /** Force download-only, whatever the connection. */
  downloadOnly: boolean;
  /** Time kept in hand before a segment's playback deadline when falling back to the origin (ms). */
  originSafetyMs: number;
  /** With an empty buffer, how long peers may take to deliver before the origin is asked (ms). */
  emptyBufferPeerWindowMs: number;
  /** Extra shards requested beyond k, spread over other peers, so one slow peer is not waited on. */
  surplusShards: number;
  /** A shard request unanswered for this long is re-requested elsewhere (ms). */
  peerRequestTimeoutMs: number;
  /** Shard requests in flight per peer. */
  maxRequestsPerPeer: number;
  /** Segments ahead of the one hls.js asks for that are fetched from peers (never the origin). */
  prefetchSegments: number;
  /** Live: viewers split each new segment's origin fetch by data-shard ranges and trade the rest. */
  liveOriginSplit: boolean;
  /**
   * Peers' holdings news replans a waiting segment at most once per this many ms (0: once per
   * turn). With 12 peers each announcing every few shards, most replans change nothing.
   */
  holdingsReplanDelayMs: number;
  /**
   * Shards received from peers are announced within this many ms, several to a have-delta (a
   * segment's first shard, origin shards and a completed segment go out at once). Longer: fewer
   * messages and replans on every peer; shorter: peers learn sooner what they may ask for.
   */
  announceHoldMs: number;
  /**
   * Live split at scale: in a swarm (as the tracker counts it) with more than this many times
   * as many viewers as this viewer's neighbourhood, and while peers seldom refuse our requests
   * as busy (uploads to spare), about this many viewers in the whole swarm fetch each data shard
   * from the origin (designated by a hash) and the rest wait for the mesh; otherwise, and with
   * 0, the split among neighbours stands, which draws one copy per neighbourhood.
   */
  liveFetchersPerShard: number;
  /**
   * With designated fetchers: this many ms before a segment's origin fallback, the data shards
   * no neighbour holds yet are fetched once per neighbourhood (the split among neighbours)
   * instead of by every viewer at its own fallback. 0: no second wave.
   */
  liveSecondWaveLeadMs: number;
  /**
   * Live split weighed by the uplink rates viewers measure and tell each other, so viewers that
   * can relay fetch for those that cannot (engine/weighted-share.ts). Off by default: it pays
   * where uplinks truly differ (simulator, mixed population: 0.46 to 0.31 of CDN-only), but on
   * one machine (CI, the browser benches) the measured rates are CPU noise and skew the split.
   * Without it, viewers that do not upload still take no share.
   */
  liveSplitByUplink: boolean;
  /**
   * Most peers for a viewer whose measured uplink is at least 3x its peers' median: where most
   * viewers upload little, the strong uplinks serve more of them (engine/peer-budget.ts).
   * At or below `maxPeers`: every viewer keeps `maxPeers`.
   */
  strongUplinkMaxPeers: number;
}

export const DEFAULT_CONFIG: ShoalConfig = {
  p2p: true,
  trustPeers: false,
  maxPeers: 12,
  uploadBytesPerSecond: Number.POSITIVE_INFINITY,
  uploadTotalBytes: Number.POSITIVE_INFINITY,
  downloadOnlyWhenMetered: true,
  downloadOnly: false,
  originSafetyMs: 1200,
  emptyBufferPeerWindowMs: 600,
  surplusShards: 1,
  peerRequestTimeoutMs: 2500,
  maxRequestsPerPeer: 24,
  prefetchSegments: 4,
  liveOriginSplit: true,
  holdingsReplanDelayMs: 0,
  announceHoldMs: 250,
  liveFetchersPerShard: 8,
  liveSecondWaveLeadMs: 1000,
  liveSplitByUplink: false,
  strongUplinkMaxPeers: 24,
};

export class ConfigError extends Error {
  readonly kind = 'config';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`Invalid Shoal config: ${field} ${message}`);
    this.name = 'ConfigError';
  }
}

/** Merges `partial` over the defaults and checks every field; throws ConfigError. */
export function resolveConfig(partial: Partial<ShoalConfig> = {}): ShoalConfig {
  const config: ShoalConfig = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in DEFAULT_CONFIG)) throw new ConfigError(key, 'is not a known option');
    if (value === undefined) continue;
    const expected = typeof DEFAULT_CONFIG[key as keyof ShoalConfig];
    if (typeof value !== expected) throw new ConfigError(key, `must be a ${expected}`);
    if (expected === 'number' && (Number.isNaN(value) || (value as number) < 0))
      throw new ConfigError(key, 'must be a non-negative number');
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  if (config.maxPeers < 1 || !Number.isInteger(config.maxPeers))
    throw new ConfigError('maxPeers', 'must be a positive integer');
  if (!Number.isInteger(config.strongUplinkMaxPeers))
    throw new ConfigError('strongUplinkMaxPeers', 'must be an integer');
  if (config.maxRequestsPerPeer < 1) throw new ConfigError('maxRequestsPerPeer', 'must be at least 1');
  return config;
}
