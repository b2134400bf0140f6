// WebRTC links in real Chromium: (a) two viewers in separate browser contexts meet through a
// local WebTorrent tracker, (b) two tabs of one context meet through a BroadcastChannel. Each
// pair streams 1 MiB of random bytes both ways and compares SHA-256 digests. The spec starts
// its own tracker and Vite dev server on free ports and stops them.

import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { startTracker, type TrackerHandle } from '../tools/tracker/server.ts';

const MIB = 1024 * 1024;
const FRAME_BYTES = 200 * 1024;

let vite: ViteDevServer;
let tracker: TrackerHandle;
let pageUrl: string;

test.beforeAll(async () => {
  // A short announce interval, so reannounces happen within the test.
  tracker = await startTracker({ announceIntervalS: 2 });
  const root = resolve(import.meta.dirname, '..');
  vite = await createServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'error',
    cacheDir: resolve(root, 'node_modules/.vite-e2e-webrtc'),
    // Pre-bundle only what vite.config.ts lists: no mid-test "optimized dependencies" reload.
    optimizeDeps: { noDiscovery: true },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await vite.listen();
  const { port } = vite.httpServer!.address() as AddressInfo;
  pageUrl = `http://127.0.0.1:${port}/e2e/pages/webrtc.html`;
});

test.afterAll(async () => {
  await vite?.close();
  await tracker?.close();
});

async function openViewer(
  browser: Browser,
  context?: Awaited<ReturnType<Browser['newContext']>>,
): Promise<Page> {
  const page = await (context ?? (await browser.newContext())).newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(pageUrl);
  await expect(page.locator('#state')).toHaveText('ready');
  return page;
}

function trackerJoin(page: Page, swarm: string, announce = [tracker.url]): Promise<void> {
  return page.evaluate(
    ({ announce, swarm }) =>
      window.webrtcTest.join({
        kind: 'tracker',
        swarm,
        network: { announce, minAnnounceIntervalMs: 1000, link: { handshakeTimeoutMs: 10_000 } },
      }),
    { announce, swarm },
  );
}

async function waitForPair(a: Page, b: Page): Promise<void> {
  const [aRemotes, bRemotes] = await Promise.all([
    a.evaluate(() => window.webrtcTest.waitForLinks(1)),
    b.evaluate(() => window.webrtcTest.waitForLinks(1)),
  ]);
  expect(aRemotes).toEqual([await b.evaluate(() => window.webrtcTest.selfId)]);
  expect(bRemotes).toEqual([await a.evaluate(() => window.webrtcTest.selfId)]);
}

/** 1 MiB each way at once; each side's received digest must equal the other's sent digest. */
async function exchange(a: Page, b: Page, waitAbove = MIB): Promise<{ drains: number; peak: number }> {
  const send = (page: Page) =>
    page.evaluate(({ total, frame, waitAbove }) => window.webrtcTest.sendRandom(total, frame, waitAbove), {
      total: MIB,
      frame: FRAME_BYTES,
      waitAbove,
    });
  const receive = (page: Page) => page.evaluate((total) => window.webrtcTest.receivedHash(total), MIB);
  const [sentA, sentB, gotA, gotB] = await Promise.all([send(a), send(b), receive(a), receive(b)]);
  expect(gotB.hash).toBe(sentA.hash);
  expect(gotA.hash).toBe(sentB.hash);
  expect(gotA.frames).toBe(Math.ceil(MIB / FRAME_BYTES));
  return { drains: Math.min(sentA.drains, sentB.drains), peak: Math.max(sentA.peak, sentB.peak) };
}

test('two viewers in separate contexts connect through a tracker and trade 1 MiB both ways', async ({
  browser,
}) => {
  const a = await openViewer(browser);
  const b = await openViewer(browser);
  const swarm = `tracker-swarm-${Date.now()}`;
  // A second tracker that is down degrades A's status but does not stop it.
  await trackerJoin(a, swarm, [tracker.url, 'ws://127.0.0.1:9/']);
  await trackerJoin(b, swarm);
  await waitForPair(a, b);
  expect(tracker.stats().peers).toBe(2);
  await expect.poll(() => a.evaluate(() => window.webrtcTest.statuses())).toContain('degraded');
  await exchange(a, b);
  expect(await b.evaluate(() => window.webrtcTest.statuses())).toContain('online');

  // Leaving closes the other side's link; joining again reconnects.
  await a.evaluate(() => window.webrtcTest.leave());
  await expect.poll(() => b.evaluate(() => window.webrtcTest.linkCount())).toBe(0);
  expect(await a.evaluate(() => window.webrtcTest.closed().map((c) => c.reason))).toEqual(['left swarm']);
  await trackerJoin(a, swarm);
  await waitForPair(a, b);
  await a.context().close();
  await b.context().close();
});

test('four viewers joining at once through a tracker end with one link per pair', async ({ browser }) => {
  const viewers = await Promise.all([0, 1, 2, 3].map(() => openViewer(browser)));
  const swarm = `mesh-swarm-${Date.now()}`;
  await Promise.all(viewers.map((page) => trackerJoin(page, swarm)));
  const ids = await Promise.all(viewers.map((page) => page.evaluate(() => window.webrtcTest.selfId)));
  const remotes = await Promise.all(
    viewers.map((page) => page.evaluate(() => window.webrtcTest.waitForLinks(3))),
  );
  remotes.forEach((list, i) => {
    expect([...list].sort()).toEqual(ids.filter((_, j) => j !== i).sort());
  });
  // Duplicates from simultaneous offers were settled before opening: nothing open was closed.
  for (const page of viewers) expect(await page.evaluate(() => window.webrtcTest.closed())).toEqual([]);
  await Promise.all(viewers.map((page) => page.context().close()));
});

test('a tracker that is down is reported, never thrown', async ({ browser }) => {
  const page = await openViewer(browser);
  await page.evaluate(() =>
    window.webrtcTest.join({
      kind: 'tracker',
      swarm: 'nowhere',
      network: { announce: ['ws://127.0.0.1:9/'], reconnectMinMs: 100, reconnectMaxMs: 200 },
    }),
  );
  await expect.poll(() => page.evaluate(() => window.webrtcTest.statuses())).toContain('offline');
  await page.evaluate(() => window.webrtcTest.leave());
  await page.context().close();
});

test('two tabs of one context connect through a BroadcastChannel and trade 1 MiB both ways', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const a = await openViewer(browser, context);
  const b = await openViewer(browser, context);
  const swarm = `tab-swarm-${Date.now()}`;
  const join = (page: Page) =>
    page.evaluate(
      (swarm) =>
        window.webrtcTest.join({
          kind: 'broadcast',
          swarm,
          // Small watermarks: every 200 KiB frame overflows them, so each send must end in onDrain.
          network: { link: { highWaterBytes: 64 * 1024, lowWaterBytes: 16 * 1024 } },
        }),
      swarm,
    );
  await join(a);
  await join(b);
  await waitForPair(a, b);
  const { drains, peak } = await exchange(a, b, 16 * 1024);
  expect(drains).toBe(Math.ceil(MIB / FRAME_BYTES));
  expect(peak).toBeGreaterThan(FRAME_BYTES - 64 * 1024);
  expect(await a.evaluate(() => window.webrtcTest.sendOversize(1024 * 1024))).toBe('frame-too-large');

  await b.evaluate(() => window.webrtcTest.leave());
  await expect.poll(() => a.evaluate(() => window.webrtcTest.linkCount())).toBe(0);
  await join(b);
  await waitForPair(a, b);
  await context.close();
});
