// Shared tools of the chaos specs: the stack plus a dev server for the chaos test pages, a
// probe installed in every viewer before its scripts run (it hashes what hls.js receives and
// records hls.js errors and Shoal events), and the checks every scenario ends with.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test';
import { type Stack, startStack, startVite } from './servers.ts';
import { figures, type ViewerFigures, waitForPlayback } from './viewer.ts';

/** `SHOAL_CHAOS=long` (npm run test:chaos) runs the longer variants. */
export const CHAOS_LONG = process.env.SHOAL_CHAOS === 'long';

/** Picks the CI value or the long one. */
export const pick = <T>(short: T, long: T): T => (CHAOS_LONG ? long : short);

export interface ChaosStack extends Stack {
  /** The chaos test page (e2e/pages/chaos/liar.html) with the given query. */
  liarPage(src: string, query: Record<string, string>): string;
}

export async function startChaosStack(): Promise<ChaosStack> {
  const [stack, vite] = await Promise.all([startStack(), startVite()]);
  return {
    ...stack,
    liarPage: (src, query) => {
      const params = new URLSearchParams({
        src: new URL(src, `${stack.origin.url}/`).href,
        tracker: stack.tracker.url,
        ...query,
      });
      return `${vite.url}e2e/pages/chaos/liar.html?${params}`;
    },
    close: async () => {
      await Promise.allSettled([stack.close(), vite.close()]);
    },
  };
}

/** What the probe recorded in a page. */
export interface ProbeLog {
  frags: Array<{ sn: number | string; file: string; bytes: number; sha256: string }>;
  hashing: number;
  hlsErrors: Array<{ type: string; details: string; fatal: boolean }>;
  segments: number;
  rejectedShards: number;
  bans: Array<{ peerId: string; reason: string }>;
  peerEvents: Array<{ change: string; peerId: string; reason: string | null }>;
  engineErrors: Array<{ kind: string; message: string }>;
  videoError: string | null;
}

/** Runs in the page before its scripts: hooks `window.shoalPage` the moment the page sets it. */
function installProbe(): void {
  const log = {
    frags: [] as unknown[],
    hashing: 0,
    hlsErrors: [] as unknown[],
    segments: 0,
    rejectedShards: 0,
    bans: [] as unknown[],
    peerEvents: [] as unknown[],
    engineErrors: [] as unknown[],
    videoError: null as string | null,
  };
  const hex = (buffer: ArrayBuffer) =>
    [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  // biome-ignore lint/suspicious/noExplicitAny: the page's debug handle is untyped on purpose.
  const hook = (p: any) => {
    // biome-ignore lint/suspicious/noExplicitAny: hls.js event payloads, untyped here.
    p.hls?.on('hlsFragLoaded', (_e: string, d: any) => {
      const bytes = d.payload.byteLength;
      const file = String(d.frag.url).split('?')[0]!.split('/').pop();
      log.hashing += 1;
      // digest() copies the bytes now, before hls.js hands the buffer to its worker.
      void crypto.subtle
        .digest('SHA-256', d.payload)
        .then((h) => log.frags.push({ sn: d.frag.sn, file, bytes, sha256: hex(h) }))
        .finally(() => {
          log.hashing -= 1;
        });
    });
    // biome-ignore lint/suspicious/noExplicitAny: hls.js event payloads, untyped here.
    p.hls?.on('hlsError', (_e: string, d: any) =>
      log.hlsErrors.push({ type: d.type, details: d.details, fatal: d.fatal }),
    );
    const events = p.shoal?.events;
    // biome-ignore lint/suspicious/noExplicitAny: engine event payloads, untyped here.
    events?.on('segment', (s: any) => {
      log.segments += 1;
      log.rejectedShards += s.rejected.length;
    });
    events?.on('ban', (b: unknown) => log.bans.push(b));
    events?.on('peer', (e: unknown) => log.peerEvents.push(e));
    events?.on('error', (e: unknown) => log.engineErrors.push(e));
    const video = document.querySelector('video');
    video?.addEventListener('error', () => {
      log.videoError = `${video.error?.code}: ${video.error?.message}`;
    });
  };
  let value: unknown;
  Object.defineProperty(window, 'shoalPage', {
    configurable: true,
    get: () => value,
    set: (v) => {
      value = v;
      hook(v);
    },
  });
  Object.assign(window, { __chaos: log });
}

/** Installs the probe in every page of `context` (call before the first navigation). */
export async function probeContext(context: BrowserContext): Promise<void> {
  await context.addInitScript(installProbe);
}

/** A viewer in its own browser context, probed; `prepare` runs on the context first. */
export async function openProbedViewer(
  browser: Browser,
  url: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext();
  await probeContext(context);
  await prepare?.(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  return page;
}

export interface ViewerReport extends ViewerFigures {
  probe: ProbeLog;
  peerIds: string[];
  selfStats: { origin: number; peers: number; upload: number };
}

export async function report(page: Page): Promise<ViewerReport> {
  // Let pending digests land first.
  await page.waitForFunction(() => (window as unknown as { __chaos: ProbeLog }).__chaos.hashing === 0);
  const f = await figures(page);
  const extra = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: the page's debug handle is untyped on purpose.
    const w = window as any;
    const s = w.shoalPage.shoal?.stats();
    return {
      probe: w.__chaos as ProbeLog,
      peerIds: (s?.peers ?? []).map((p: { id: string }) => p.id) as string[],
      // Origin bytes the player drew: Shoal's own fetches plus what went through hls.js's
      // loader (init segments, segments needed before their manifest arrived).
      selfStats: s
        ? { origin: s.bytes.origin + s.bytes.passThrough, peers: s.bytes.peers, upload: s.bytes.upload }
        : { origin: 0, peers: 0, upload: 0 },
    };
  });
  return { ...f, ...extra };
}

/** SHA-256 of every file of a stream folder, by file name. */
export function originHashes(stream: string): Map<string, string> {
  const dir = resolve(import.meta.dirname, '../../public/streams', stream);
  const hashes = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    hashes.set(
      name,
      createHash('sha256')
        .update(readFileSync(resolve(dir, name)))
        .digest('hex'),
    );
  }
  return hashes;
}

/** hls.js errors that mean bad bytes reached the player (stall notices are not among them). */
export function corruptionErrors(r: ViewerReport): string[] {
  const bad = /pars|append|codec|decrypt|remux|demux/i;
  return r.probe.hlsErrors.filter((e) => bad.test(e.details)).map((e) => `${e.type}/${e.details}`);
}

/** Every fragment hls.js received is byte-identical to the origin's file; nothing broke. */
export function expectUncorrupted(r: ViewerReport, hashes: Map<string, string>, who: string): void {
  const wrong = r.probe.frags.filter((f) => hashes.get(f.file) !== f.sha256);
  expect(wrong, `${who}: fragments whose bytes differ from the origin's`).toEqual([]);
  expect(r.probe.frags.length, `${who}: fragments received`).toBeGreaterThan(0);
  expect(corruptionErrors(r), `${who}: hls.js media errors`).toEqual([]);
  expect(r.probe.videoError, `${who}: video element error`).toBeNull();
  expect(r.error, `${who}: page error box`).toBe('');
}

/** Σ Shoal origin bytes against the origin's meter: they must agree within `tolerance`. */
export function expectMeterAgrees(shoalOriginBytes: number, meterBytes: number, tolerance = 0.05): void {
  const diff = Math.abs(shoalOriginBytes - meterBytes);
  console.log(`  meter ${meterBytes} B, Σ Shoal origin ${shoalOriginBytes} B (diff ${diff} B)`);
  expect(diff).toBeLessThanOrEqual(Math.max(tolerance * meterBytes, 200_000));
}

export function line(name: string, r: ViewerReport): string {
  const s = r.selfStats;
  return (
    `  ${name.padEnd(10)} t=${r.currentTime.toFixed(1)}s stalls=${r.stalls} (${Math.round(r.stallMs)} ms) ` +
    `frags=${r.probe.frags.length} origin=${s.origin} peers=${s.peers} up=${s.upload} ` +
    `bans=${r.probe.bans.length} rejected=${r.probe.rejectedShards}`
  );
}

/** waitForPlayback, but a timeout says what the video was doing (paused, where, buffered). */
export async function playsFor(page: Page, seconds: number, timeoutMs = 30_000): Promise<void> {
  try {
    await waitForPlayback(page, seconds, timeoutMs);
  } catch (error) {
    const state = await page
      .evaluate(() => {
        const v = document.querySelector('video') as HTMLVideoElement;
        const ranges = [...Array(v.buffered.length).keys()].map(
          (i) => `${v.buffered.start(i).toFixed(1)}-${v.buffered.end(i).toFixed(1)}`,
        );
        const log = (window as unknown as { __chaos?: ProbeLog }).__chaos;
        return JSON.stringify({
          paused: v.paused,
          readyState: v.readyState,
          currentTime: v.currentTime,
          buffered: ranges,
          frags: log?.frags.length,
          hlsErrors: log?.hlsErrors.slice(-5),
        });
      })
      .catch(() => 'page gone');
    throw new Error(`${(error as Error).message}\nvideo: ${state}`);
  }
}
