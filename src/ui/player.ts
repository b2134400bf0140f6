import Hls, { type ErrorData, Events } from 'hls.js';
import { describeHlsError, type PlainError } from './playback-errors.ts';

export interface PlayerHooks {
  /** Extra hls.js config (Shoal's loaders) merged into the player's. */
  hlsConfig?: Partial<Hls['config']>;
  onHls?: (hls: Hls) => void;
  onFatal: (error: PlainError) => void;
  onLevels: (levels: string[]) => void;
  /** Media bytes hls.js received for each fragment, whatever their source. */
  onFragmentBytes?: (bytes: number) => void;
}

/** Starts hls.js on the video element; returns it, or reports why it cannot run. */
export function startPlayer(video: HTMLVideoElement, src: string, hooks: PlayerHooks): Hls | null {
  if (!Hls.isSupported()) {
    hooks.onFatal({
      title: 'This browser cannot play HLS with Media Source Extensions.',
      advice: 'Use a current Chrome, Edge, Firefox or Safari.',
    });
    return null;
  }
  const hls = new Hls({ ...hooks.hlsConfig, enableWorker: true });
  hooks.onHls?.(hls);
  hls.on(Events.MANIFEST_PARSED, (_e, data) => {
    hooks.onLevels(
      data.levels.map((level) =>
        level.height ? `${level.height}p` : `${Math.round(level.bitrate / 1000)} kb/s`,
      ),
    );
    void video.play().catch(() => undefined);
  });
  hls.on(Events.FRAG_LOADED, (_e, data) => hooks.onFragmentBytes?.(data.payload.byteLength));
  hls.on(Events.ERROR, (_e, data: ErrorData) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && data.details !== 'bufferIncompatibleCodecsError') {
      hls.recoverMediaError();
      return;
    }
    hooks.onFatal(describeHlsError(data, src));
  });
  hls.loadSource(src);
  hls.attachMedia(video);
  return hls;
}
