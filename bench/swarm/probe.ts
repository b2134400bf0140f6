// What the bench reads from a viewer's page, measured from outside the engine: an init script
// listens to the <video> element itself (startup, stalls) and samples hls.js's latency; the
// page's own handle is read only for hls.js's fragment count and the engine's side notes.

import type { Page } from 'playwright-core';

export interface ViewerFigures {
  /** ms from navigation to the first `playing` event; null if it never played. */
  startupMs: number | null;
  /** `waiting` events after the first `playing` (seeks excluded). */
  stalls: number;
  stallMs: number;
  /** When each stall began, ms since navigation. */
  stallsAt: number[];
  /** Median of hls.js's `latency` (s behind the live edge) sampled each second while playing. */
  latencyS: number | null;
  currentTime: number;
  /** Bytes of fragments hls.js received, whatever their source. */
  fragmentBytes: number;
  /** The page's #error text, the video element's error, or ''. */
  error: string;
  /** What the engine itself says it moved (origin, peers, upload), for the notes only. */
  engineBytes: { origin: number; peers: number; upload: number } | null;
  /** Shoal's `origin-fetch` events, kept for the report of who drew from the origin and why. */
  originFetches: Array<{ t: number; sequence: number; shards: number; reason: string; peers: number }>;
}

/**
 * tsx compiles with esbuild's keepNames, which wraps inner functions in `__name(fn, "name")`;
 * functions handed to the page keep those calls, so the page needs a `__name` of its own.
 */
export const KEEP_NAMES_SHIM = 'globalThis.__name = (fn) => fn;';

/**
 * Runs before any page script. Media events do not bubble, so it listens in the capture phase on
 * the document, which sees them for the <video> that the page adds later.
 */
export function probeInitScript(): void {
  interface Probe {
    firstPlaying: number | null;
    stalls: number;
    stallMs: number;
    stallStart: number | null;
    stallsAt: number[];
    latency: number[];
    originFetches: ViewerFigures['originFetches'];
  }
  const probe: Probe = {
    firstPlaying: null,
    stalls: 0,
    stallMs: 0,
    stallStart: null,
    stallsAt: [],
    latency: [],
    originFetches: [],
  };
  Object.assign(window, { __swarmProbe: probe });
  const isVideo = (target: EventTarget | null): target is HTMLVideoElement =>
    target instanceof HTMLVideoElement;
  document.addEventListener(
    'playing',
    (event) => {
      if (!isVideo(event.target)) return;
      const now = performance.now();
      probe.firstPlaying ??= now;
      if (probe.stallStart !== null) probe.stallMs += now - probe.stallStart;
      probe.stallStart = null;
    },
    true,
  );
  document.addEventListener(
    'waiting',
    (event) => {
      const video = event.target;
      if (!isVideo(video) || probe.firstPlaying === null || video.seeking) return;
      if (probe.stallStart !== null) return;
      probe.stalls += 1;
      probe.stallStart = performance.now();
      probe.stallsAt.push(Math.round(probe.stallStart));
    },
    true,
  );
  // biome-ignore lint/suspicious/noExplicitAny: the pages' debug handles are untyped on purpose.
  const handle = (): any => (window as any).shoalPage ?? (window as any).rivalPage;
  let listening = false;
  setInterval(() => {
    const page = handle();
    const shoal = page?.shoal;
    if (shoal && !listening) {
      listening = true;
      shoal.events.on(
        'origin-fetch',
        (e: { sequence: number; indices: readonly number[]; reason: string; peers: number }) => {
          probe.originFetches.push({
            t: Math.round(performance.now()),
            sequence: e.sequence,
            shards: e.indices.length,
            reason: e.reason,
            peers: e.peers,
          });
        },
      );
    }
    const video = document.querySelector('video');
    const latency = page?.hls?.latency;
    if (video && !video.paused && probe.firstPlaying !== null && Number.isFinite(latency) && latency > 0)
      probe.latency.push(latency);
  }, 1000);
}

/** Reads one viewer's figures (bounded by the caller's timeout). */
export function readFigures(page: Page): Promise<ViewerFigures> {
  return page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: the probe and the pages' handles are untyped.
    const w = window as any;
    const probe = w.__swarmProbe;
    const handle = w.shoalPage ?? w.rivalPage;
    const video = document.querySelector('video');
    const now = performance.now();
    const sorted = [...probe.latency].sort((a: number, b: number) => a - b);
    const errorText = document.querySelector('#error')?.textContent?.trim() ?? '';
    const videoError = video?.error ? `video error ${video.error.code}: ${video.error.message}` : '';
    return {
      startupMs: probe.firstPlaying === null ? null : Math.round(probe.firstPlaying),
      stalls: probe.stalls,
      stallsAt: probe.stallsAt,
      stallMs: Math.round(probe.stallMs + (probe.stallStart === null ? 0 : now - probe.stallStart)),
      latencyS: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
      currentTime: video?.currentTime ?? 0,
      fragmentBytes: typeof handle?.fragmentBytes === 'function' ? handle.fragmentBytes() : 0,
      error: [errorText, videoError].filter(Boolean).join('; '),
      originFetches: probe.originFetches,
      engineBytes: engineBytes(),
    };
    function engineBytes() {
      const shoal = handle?.shoal?.stats?.().bytes;
      if (shoal) return { origin: shoal.origin, peers: shoal.peers, upload: shoal.upload };
      const rival = handle?.engineBytes;
      return rival ? { origin: rival.http, peers: rival.p2p, upload: rival.upload } : null;
    }
  });
}
