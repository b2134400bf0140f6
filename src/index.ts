// Shoal's public API: peer-to-peer delivery for hls.js.
//
//   import Hls from 'hls.js';
//   import { createShoal } from 'shoal';
//   const shoal = createShoal({ trackers: ['wss://tracker.example'] });
//   const hls = new Hls({ ...shoal.hlsConfig() });
//   shoal.attach(hls);

export { createShoal, type Shoal, type ShoalHlsConfig, type ShoalOptions } from './adapters/hlsjs/shoal.ts';
export { ConfigError, DEFAULT_CONFIG, type ShoalConfig } from './core/config.ts';
export type {
  ChokeReason,
  EngineEvents,
  EngineStats,
  PeerChoke,
  PeerStats,
  SegmentOutcome,
} from './core/engine/types.ts';
export type { NetworkStatus } from './core/ports.ts';
