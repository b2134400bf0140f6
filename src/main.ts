// The demo page's composition root: reads the query, starts hls.js with Shoal, wires the UI.
import type Hls from 'hls.js';
import { createShoal, type Shoal } from './index.ts';
import { pageUrlWith, readPageOptions } from './ui/page-options.ts';
import type { PlainError } from './ui/playback-errors.ts';
import { PlaybackMonitor } from './ui/playback-monitor.ts';
import { startPlayer } from './ui/player.ts';
import { StatePanel } from './ui/state-panel.ts';
import { p2pOffAdvice } from './ui/swarm/advice.ts';
import { mountSwarmView } from './ui/swarm/index.ts';

const options = readPageOptions(location.search, location.href);
const video = document.querySelector<HTMLVideoElement>('#video')!;
const srcInput = document.querySelector<HTMLInputElement>('#src-input')!;
const errorBox = document.querySelector<HTMLElement>('#error')!;
const quality = document.querySelector<HTMLSelectElement>('#quality')!;
const p2pToggle = document.querySelector<HTMLInputElement>('#p2p-toggle')!;
const statePanel = new StatePanel(document.querySelector<HTMLElement>('#state')!);
const monitor = new PlaybackMonitor(video);

srcInput.value = options.src;
p2pToggle.checked = options.p2p;

document.querySelector('#source-form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  location.href = pageUrlWith(location.href, { src: srcInput.value.trim() });
});
p2pToggle.addEventListener('change', () => {
  location.href = pageUrlWith(location.href, { p2p: p2pToggle.checked ? '1' : '0' });
});
document.querySelector('#open-viewer')!.addEventListener('click', () => {
  window.open(location.href, '_blank', 'noopener');
});

function showError(error: PlainError): void {
  errorBox.hidden = false;
  errorBox.textContent = `${error.title} ${error.advice}`;
}

const notice = document.querySelector<HTMLElement>('#notice')!;
function showNotice(text: string | null): void {
  notice.hidden = text === null;
  notice.textContent = text ?? '';
}

// Without P2P the page is plain hls.js: the honest baseline for comparisons.
const shoal: Shoal | null = options.p2p
  ? createShoal({ trackers: options.trackers, broadcast: options.broadcast, trustPeers: options.trustPeers })
  : null;
const trustNotice = options.trustPeers
  ? 'trustPeers is on (trust=1): without a manifest, shards from peers are NOT verified. Use only in a closed network.'
  : null;
showNotice(shoal ? trustNotice : 'P2P is off (p2p=0): every segment comes from the origin.');
shoal?.events.on('p2p-state', ({ enabled, reason }) =>
  showNotice(
    enabled
      ? trustNotice
      : `P2P is off for this stream: ${reason}. Playback continues from the origin. ${p2pOffAdvice(reason)}`,
  ),
);

// What plain hls.js would have drawn from the origin: the baseline for savings.
let fragmentBytes = 0;
const hls: Hls | null = startPlayer(video, options.src, {
  onFragmentBytes: (bytes) => {
    fragmentBytes += bytes;
  },
  hlsConfig: shoal?.hlsConfig(),
  onHls: (instance) => shoal?.attach(instance),
  onFatal: showError,
  onLevels: (levels) => {
    quality.replaceChildren(
      new Option('Auto', '-1'),
      ...levels.map((label, i) => new Option(label, String(i))),
    );
  },
});
quality.addEventListener('change', () => {
  if (hls) hls.currentLevel = Number(quality.value);
});

function renderState(): void {
  const figures = monitor.figures();
  const level = hls && hls.currentLevel >= 0 ? hls.levels[hls.currentLevel] : undefined;
  const live = hls?.levels.some((l) => l.details?.live) ?? false;
  statePanel.render([
    ['Stream', hls?.levels.length ? (live ? 'Live' : 'VOD') : '—'],
    ['Level', level ? `${level.height || '?'}p` : '—'],
    ['Buffer ahead', `${figures.bufferAhead.toFixed(1)} s`],
    ['Startup', figures.startupMs === null ? '—' : `${Math.round(figures.startupMs)} ms`],
    ['Stalls', `${figures.stalls} (${(figures.stallMs / 1000).toFixed(1)} s)`],
  ]);
}
setInterval(renderState, 500);

if (shoal && options.swarmViews)
  mountSwarmView(document.querySelector<HTMLElement>('#swarm')!, shoal, {
    playback: () => monitor.figures(),
    tabs: options.broadcast,
  });

// For e2e tests and curious developers: what the page measured, read from outside.
Object.assign(window, { shoalPage: { hls, shoal, monitor, options, fragmentBytes: () => fragmentBytes } });
