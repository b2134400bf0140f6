// The library's composition: engine + browser ports + hls.js loaders behind one object.

import type Hls from 'hls.js';
import { Events, type HlsConfig } from 'hls.js';
import { ConfigError, resolveConfig, type ShoalConfig } from '../../core/config.ts';
import { Engine } from '../../core/engine/engine.ts';
import type { EngineStats } from '../../core/engine/types.ts';
import { CombinedNetwork } from '../../core/network/combined-network.ts';
import { HeldNetwork } from '../../core/network/held-network.ts';
import type { PeerNetwork } from '../../core/ports.ts';
import { FetchOrigin } from '../browser/fetch-origin.ts';
import { connectionIsMetered, onConnectionChange } from '../browser/metered.ts';
import { pageClock, resolveUrl } from '../browser/page-clock.ts';
import { createShardStore, type ShardStoreOptions } from '../storage/index.ts';
import { createBroadcastNetwork, createTrackerNetwork, randomSelfId } from '../webrtc/index.ts';
import { createWorkerCoder } from '../worker/index.ts';
import { createLoaders } from './loaders.ts';

export interface ShoalOptions extends Partial<ShoalConfig> {
  /** WebTorrent tracker URLs (ws:// or wss://). */
  trackers?: string[];
  /** Also meet other tabs of this browser through BroadcastChannel (default true). */
  broadcast?: boolean;
  /** STUN/TURN servers for WebRTC (none by default). */
  iceServers?: RTCIceServer[];
  storage?: ShardStoreOptions;
  /**
   * Live: the most hls.js may speed playback up to get back to its target latency (hls.js's
   * `maxLiveSyncPlaybackRate`). A viewer whose first segment came a little late (a busy page,
   * a swarm still forming) would otherwise stay that much further behind the live edge for the
   * whole session. 1 turns catch-up off. Default 1.1.
   */
  liveCatchUpRate?: number;
}

/** What `hlsConfig()` sets in hls.js's config. */
export type ShoalHlsConfig = Pick<HlsConfig, 'fLoader' | 'pLoader' | 'maxLiveSyncPlaybackRate'>;

const DEFAULT_LIVE_CATCH_UP_RATE = 1.1;
/**
 * P2P starts when playback does (see held-network.ts), or this long after `createShoal` when it
 * does not (autoplay blocked, a page that never plays): such a viewer still serves the swarm.
 */
const NETWORK_HOLD_MAX_MS = 3000;

export interface Shoal {
  readonly engine: Engine;
  readonly events: Engine['events'];
  /** Spread into `new Hls({...})`: Shoal's fragment and playlist loaders, and live catch-up. */
  hlsConfig(): ShoalHlsConfig;
  /** Lets Shoal see the player's media element (for deadlines) and follow its lifetime. */
  attach(hls: Hls): void;
  stats(): EngineStats;
  destroy(): void;
}

export function createShoal(options: ShoalOptions = {}): Shoal {
  const {
    trackers = [],
    broadcast = true,
    iceServers,
    storage,
    liveCatchUpRate = DEFAULT_LIVE_CATCH_UP_RATE,
    ...partial
  } = options;
  if (!(liveCatchUpRate >= 1 && liveCatchUpRate <= 2))
    throw new ConfigError('liveCatchUpRate', `must be a number from 1 to 2 (got ${String(liveCatchUpRate)})`);
  const config = resolveConfig(partial);
  const selfId = randomSelfId();
  const built = config.p2p ? buildNetwork(trackers, broadcast, iceServers, config.maxPeers) : null;
  const network = built ? new HeldNetwork(built) : null;
  const releaseTimer = network ? setTimeout(() => network.release(), NETWORK_HOLD_MAX_MS) : null;
  const releaseNetwork = () => {
    if (releaseTimer !== null) clearTimeout(releaseTimer);
    network?.release();
  };
  const coder = createWorkerCoder();
  // Start the worker now, so its boot is not on the first segment's path. (BLAKE3: SHA-256
  // may be hashed natively without the worker, see WorkerCoder.hash.)
  void coder.hash('blake3', [new Uint8Array(0)]).catch(() => undefined);
  const engine = new Engine(config, {
    clock: pageClock,
    origin: new FetchOrigin(),
    coder,
    store: createShardStore(storage),
    network,
    resolveUrl,
    selfId,
  });
  const applyMetered = () =>
    engine.setUploading(!(config.downloadOnlyWhenMetered && connectionIsMetered()) && !config.downloadOnly);
  applyMetered();
  onConnectionChange(applyMetered);

  const destroy = () => {
    if (releaseTimer !== null) clearTimeout(releaseTimer);
    engine.destroy();
  };
  let hls: Hls | null = null;
  let loaders: ReturnType<typeof createLoaders> | null = null;
  const getLoaders = (defaultLoader: ConstructorParameters<typeof Object>[0]) => {
    loaders ??= createLoaders({
      engine,
      media: () => hls?.media ?? null,
      defaultLoader: defaultLoader as never,
    });
    return loaders;
  };

  return {
    engine,
    events: engine.events,
    hlsConfig() {
      // hls.js's own default loader class, resolved lazily from the Hls instance's config.
      const proxy = (kind: 'fLoader' | 'pLoader') =>
        class {
          constructor(hlsConfig: HlsConfig) {
            const l = getLoaders(hlsConfig.loader);
            // biome-ignore lint/correctness/noConstructorReturn: hls.js constructs loaders by class; we hand it ours.
            return new l[kind](hlsConfig);
          }
        };
      return {
        fLoader: proxy('fLoader') as never,
        pLoader: proxy('pLoader') as never,
        maxLiveSyncPlaybackRate: liveCatchUpRate,
      };
    },
    attach(instance) {
      hls = instance;
      instance.on(Events.MEDIA_ATTACHED, (_event, { media }) =>
        media.addEventListener('playing', releaseNetwork, { once: true }),
      );
      instance.on(Events.DESTROYING, destroy);
    },
    stats: () => engine.stats(),
    destroy,
  };
}

function buildNetwork(
  trackers: string[],
  broadcast: boolean,
  iceServers: RTCIceServer[] | undefined,
  maxPeers: number,
): PeerNetwork | null {
  const parts: Array<{ name: string; network: PeerNetwork }> = [];
  if (trackers.length > 0)
    parts.push({
      name: 'tracker',
      network: createTrackerNetwork({ announce: trackers, iceServers, maxPeers }),
    });
  if (broadcast && typeof BroadcastChannel === 'function')
    parts.push({ name: 'tabs', network: createBroadcastNetwork({ iceServers, maxPeers }) });
  return parts.length > 0 ? new CombinedNetwork(parts) : null;
}
