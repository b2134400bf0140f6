// A viewer for chaos tests: the real engine with the browser adapters, composed as
// `createShoal` does (src/adapters/hlsjs/shoal.ts), except that its PeerNetwork is wrapped so
// the links it hands out misbehave (see tamper.ts). It plays the stream like anyone else, so
// honest viewers ask it for shards.
//
// Query: src=<HLS URL>, tracker=<ws URL>, tamper=corrupt|garbage|slow|none, slowBps=<link rate>,
// upload=<bytes per second cap>. Exposes `window.shoalPage` in the demo page's shape.

import Hls, { Events } from 'hls.js';
import { FetchOrigin } from '../../../src/adapters/browser/fetch-origin.ts';
import { pageClock, resolveUrl } from '../../../src/adapters/browser/page-clock.ts';
import { createLoaders } from '../../../src/adapters/hlsjs/loaders.ts';
import { createShardStore } from '../../../src/adapters/storage/index.ts';
import { createTrackerNetwork, randomSelfId } from '../../../src/adapters/webrtc/index.ts';
import { createWorkerCoder } from '../../../src/adapters/worker/index.ts';
import { resolveConfig } from '../../../src/core/config.ts';
import { Engine } from '../../../src/core/engine/engine.ts';
import { PlaybackMonitor } from '../../../src/ui/playback-monitor.ts';
import { type TamperCounts, type TamperMode, tamperNetwork } from './tamper.ts';

const query = new URLSearchParams(location.search);
const src = query.get('src') ?? '';
const mode = (query.get('tamper') ?? 'corrupt') as TamperMode;
const upload = Number(query.get('upload') ?? 'Infinity');
const counts: TamperCounts = { shardsCorrupted: 0, garbageSent: 0, framesDelayed: 0 };

const selfId = randomSelfId();
const config = resolveConfig({ uploadBytesPerSecond: upload });
const network = tamperNetwork(
  createTrackerNetwork({ announce: [query.get('tracker') ?? ''], maxPeers: config.maxPeers }),
  { mode, bytesPerSecond: Number(query.get('slowBps') ?? '16000') },
  counts,
);
const engine = new Engine(config, {
  clock: pageClock,
  origin: new FetchOrigin(),
  coder: createWorkerCoder(),
  // Memory only: a liar that reloads should not find honest shards of an earlier run.
  store: createShardStore({ persist: false }),
  network,
  resolveUrl,
  selfId,
});
engine.setUploading(true);

const video = document.querySelector<HTMLVideoElement>('#video')!;
const monitor = new PlaybackMonitor(video);
let fragmentBytes = 0;
let hls: Hls | null = null;
const loaders = createLoaders({
  engine,
  media: () => hls?.media ?? null,
  defaultLoader: Hls.DefaultConfig.loader,
});
hls = new Hls({ fLoader: loaders.fLoader as never, pLoader: loaders.pLoader as never, enableWorker: true });
hls.on(Events.FRAG_LOADED, (_e, data) => {
  fragmentBytes += data.payload.byteLength;
});
hls.on(Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
hls.on(Events.ERROR, (_e, data) => {
  if (data.fatal) document.querySelector('#error')!.textContent = `${data.type}: ${data.details}`;
});
hls.on(Events.DESTROYING, () => engine.destroy());
hls.loadSource(src);
hls.attachMedia(video);
document.querySelector('#state')!.textContent = `ready (${mode})`;

const shoal = { engine, events: engine.events, stats: () => engine.stats() };
Object.assign(window, {
  shoalPage: {
    hls,
    shoal,
    monitor,
    options: { src, mode },
    fragmentBytes: () => fragmentBytes,
    tamper: counts,
    selfId,
  },
});
