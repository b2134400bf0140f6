// The few names the rival page uses from p2p-media-loader v2. Its packages are installed on
// demand outside the project's dependencies (bench/swarm/rival.ts), so tsc cannot see them.
declare module 'p2p-media-loader-hlsjs' {
  import type Hls from 'hls.js';
  import type { HlsConfig } from 'hls.js';

  interface P2PEngine {
    addEventListener(
      event: 'onChunkDownloaded',
      listener: (bytes: number, source: 'http' | 'p2p', peerId?: string) => void,
    ): void;
    addEventListener(event: 'onChunkUploaded', listener: (bytes: number, peerId: string) => void): void;
  }

  type HlsWithP2P = Hls & { readonly p2pEngine: P2PEngine };

  export const HlsJsP2PEngine: {
    injectMixin(
      hls: typeof Hls,
    ): new (
      config?: Partial<HlsConfig> & { p2p?: { core?: Record<string, unknown> } },
    ) => HlsWithP2P;
  };
}
