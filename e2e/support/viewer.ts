// Reading a demo page from outside: the <video> element, hls.js's own fragment counter, and
// (for consistency checks only) Shoal's stats.

import type { Browser, Page } from '@playwright/test';

export interface ViewerFigures {
  currentTime: number;
  stalls: number;
  stallMs: number;
  startupMs: number | null;
  /** Bytes of fragments hls.js received: what it would have drawn from the origin alone. */
  fragmentBytes: number;
  /** Live: seconds behind the live edge (hls.js's own estimate); 0 for VOD. */
  latency: number;
  /** Where hls.js aims to play behind the live edge (s). */
  targetLatency: number;
  error: string;
  shoal: {
    bytes: { origin: number; peers: number; upload: number; passThrough: number };
    peers: number;
    bans: Array<{ peerId: string; reason: string }>;
    p2p: { enabled: boolean; reason: string | null; uplink: number | null };
  } | null;
}

/** Opens a viewer in its own browser context (its own storage, like a separate person). */
export async function openViewer(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

export function figures(page: Page): Promise<ViewerFigures> {
  return page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: the page's debug handle is untyped on purpose.
    const p = (window as any).shoalPage;
    const video = document.querySelector('video') as HTMLVideoElement;
    const m = p.monitor.figures();
    const s = p.shoal?.stats();
    return {
      currentTime: video.currentTime,
      stalls: m.stalls,
      stallMs: m.stallMs,
      startupMs: m.startupMs,
      fragmentBytes: p.fragmentBytes(),
      latency: p.hls?.latency ?? 0,
      targetLatency: p.hls?.targetLatency ?? 0,
      error: document.querySelector('#error')?.textContent ?? '',
      shoal: s ? { bytes: s.bytes, peers: s.peers.length, bans: s.bans, p2p: s.p2p } : null,
    };
  });
}

/** Waits until the video has played `seconds` of media since it started (live starts mid-timeline). */
export async function waitForPlayback(page: Page, seconds: number, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector('video') as HTMLVideoElement;
      return v.readyState >= 2 && !v.paused;
    },
    undefined,
    { timeout: timeoutMs },
  );
  const start = await page.evaluate(() => (document.querySelector('video') as HTMLVideoElement).currentTime);
  await page.waitForFunction(
    (t) => (document.querySelector('video') as HTMLVideoElement).currentTime > t,
    start + seconds,
    { timeout: timeoutMs },
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Switches hls.js to a quality level from the next fragment on, without flushing the buffer. */
export function setLevel(page: Page, level: number): Promise<void> {
  return page.evaluate((l) => {
    // biome-ignore lint/suspicious/noExplicitAny: the page's debug handle is untyped on purpose.
    (window as any).shoalPage.hls.nextLevel = l;
  }, level);
}

/** The swarm the page's Shoal joined, or null. */
export function swarmId(page: Page): Promise<string | null> {
  // biome-ignore lint/suspicious/noExplicitAny: the page's debug handle is untyped on purpose.
  return page.evaluate(() => (window as any).shoalPage.shoal?.stats().swarmId ?? null);
}
