// The rival's page for bench:swarm: hls.js driven by p2p-media-loader v2, set up as its README
// says. Plays ?src=<HLS URL>&tracker=<ws URL>&tuned=0|1 and exposes what the bench reads on
// `window.rivalPage`. Bundled by bench/swarm/rival.ts from packages installed outside the project.

import Hls from 'hls.js';
import { HlsJsP2PEngine } from 'p2p-media-loader-hlsjs';

const params = new URLSearchParams(location.search);
const src = params.get('src') ?? '';
const tracker = params.get('tracker') ?? '';
const tuned = params.get('tuned') === '1';

const video = document.querySelector<HTMLVideoElement>('#video')!;
const errorBox = document.querySelector<HTMLElement>('#error')!;

function showError(text: string): void {
  errorBox.hidden = false;
  errorBox.textContent = text;
}

const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
// No STUN servers: the bench stays on loopback (Shoal's page uses none either).
const core = { announceTrackers: [tracker], rtcConfig: { iceServers: [] } };
const hls = new HlsWithP2P({
  enableWorker: true,
  ...(tuned ? { liveSyncDurationCount: 4 } : {}),
  p2p: { core: tuned ? { ...core, highDemandTimeWindow: 6 } : core },
});

// What the engine says it moved; the bench only prints it next to the origin's own meter.
const engineBytes = { http: 0, p2p: 0, upload: 0 };
hls.p2pEngine.addEventListener('onChunkDownloaded', (bytes: number, type: string) => {
  if (type === 'http') engineBytes.http += bytes;
  else engineBytes.p2p += bytes;
});
hls.p2pEngine.addEventListener('onChunkUploaded', (bytes: number) => {
  engineBytes.upload += bytes;
});

let fragmentBytes = 0;
hls.on(Hls.Events.FRAG_LOADED, (_event, data) => {
  fragmentBytes += data.payload.byteLength;
});
hls.on(Hls.Events.MANIFEST_PARSED, () => {
  void video.play().catch(() => undefined);
});
hls.on(Hls.Events.ERROR, (_event, data) => {
  if (!data.fatal) return;
  if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
    hls.recoverMediaError();
    return;
  }
  showError(`hls.js fatal error: ${data.type} ${data.details}`);
});
if (!src || !tracker) showError('bench page needs ?src= and ?tracker=');
else {
  hls.loadSource(src);
  hls.attachMedia(video);
}

Object.assign(window, { rivalPage: { hls, engineBytes, fragmentBytes: () => fragmentBytes } });
