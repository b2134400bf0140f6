// The demo page's swarm view with two viewers in separate browser contexts on one stream: the
// charts, shard map, peers table and savings must show live data that agrees with the engine's
// own `stats()` (window.shoalPage.shoal), panels must not move as data arrives, and the main
// controls must work from the keyboard. Screenshots go to e2e-artifacts/screenshots/.

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { type Stack, startStack } from './support/servers.ts';

const SHOTS = resolve(import.meta.dirname, '..', 'e2e-artifacts', 'screenshots');
const STREAM = '/vod-ts-360p/index.m3u8';

/** The parts of EngineStats this spec reads (e2e imports nothing from src/ at run time). */
interface Stats {
  p2p: { enabled: boolean };
  bytes: { origin: number; peers: number; upload: number; passThrough: number };
  segments: { origin: number; peers: number; mixed: number; store: number };
  peers: Array<{ id: string; shardsTaken: number; shardsGiven: number }>;
  swarmSize: number | null;
}

declare global {
  interface Window {
    shoalPage: { shoal: { stats(): Stats } | null };
  }
}

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
  mkdirSync(SHOTS, { recursive: true });
});

test.afterAll(async () => {
  await stack?.close();
});

async function openViewer(browser: Browser, name: string, width = 1400): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`${name} page error: ${error.message}`));
  // Separate contexts never share a BroadcastChannel; bc=0 keeps the tracker as the only meeting point.
  await page.goto(stack.page(STREAM, { bc: '0' }));
  await expect(page.locator('.swarm-view')).toBeVisible();
  return page;
}

const stats = (page: Page) => page.evaluate(() => window.shoalPage.shoal!.stats());

/** Where each swarm panel starts: live data must not move them (no layout shift while playing). */
const panelTops = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.swarm-view > *')].map((e) => Math.round(e.getBoundingClientRect().top)),
  );

/** Whether the <video> holds the stream up to its end (a VOD fully loaded). */
const bufferedToEnd = (page: Page) =>
  page.evaluate(() => {
    const video = document.querySelector('video');
    if (!video || !Number.isFinite(video.duration) || video.buffered.length === 0) return false;
    return video.buffered.end(video.buffered.length - 1) >= video.duration - 0.5;
  });

/**
 * Polls until the whole VOD is buffered and two stats() reads 3 s apart agree: the loaders are
 * idle for good.
 */
async function settled(page: Page): Promise<Stats> {
  let last = '';
  let current: Stats | null = null;
  await expect
    .poll(
      async () => {
        // A pause in loading on a busy machine is not the end: the last fragment must be in.
        if (!(await bufferedToEnd(page))) return false;
        current = await stats(page);
        const now = JSON.stringify([
          current.bytes,
          current.segments,
          current.peers.map((p) => p.shardsTaken),
        ]);
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 90_000, intervals: [3000] },
    )
    .toBe(true);
  return current!;
}

test('two viewers: the swarm view shows live data that matches engine.stats()', async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await openViewer(browser, 'A');
  // A alone: everything from the origin, and the view says P2P is on with no peers.
  await expect.poll(async () => (await stats(a)).bytes.origin, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(a.locator('.swarm-status')).toContainText('P2P is on');

  const b = await openViewer(browser, 'B');
  const emptyTops = await panelTops(b);
  await expect.poll(async () => (await stats(b)).bytes.peers, { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(b.locator('.swarm-status')).toContainText('1 peer connected', { timeout: 10_000 });

  const sb = await settled(b);
  await settled(a);
  // Let one more refresh (every 500 ms) and a complete second pass before reading the DOM.
  await b.waitForTimeout(2200);
  await a.waitForTimeout(200);

  // Peers table: B's one connected peer, with the shard counts the engine reports.
  const peer = sb.peers[0]!;
  const row = b.locator(`.peers-table tr[data-peer="${peer.id}"]`);
  await expect(row).toHaveClass(/peer-connected/);
  // Cells after the row header: State, Connected, RTT, Down, Up, Uplink, Shards received, …
  await expect(row.locator('td').nth(5)).toHaveText(/^(—|[\d.]+ [KMGT]?B\/s)$/);
  await expect(row.locator('td').nth(6)).toContainText(`${peer.shardsTaken} (`);
  await expect(b.locator('.peers-table caption')).toHaveText(/Peers/);

  // Shard map: rows for the segments B loaded, and cells lettered by the peer that sent them.
  const peerCells = b.locator('table.shard-map td.shard.peer');
  expect(await peerCells.count()).toBeGreaterThan(0);
  expect(await b.locator('table.shard-map tbody tr').count()).toBeGreaterThan(0);
  expect(sb.segments.peers + sb.segments.mixed).toBeGreaterThan(0);
  await expect(b.locator('.shard-legend')).toContainText(`peer ${peer.id.slice(0, 8)}`);

  // Charts: the rate chart's two-minute window holds every byte the engine counted.
  // Nothing moved while the peer joined, the map filled and the table gained a row.
  expect(await panelTops(b)).toEqual(emptyTops);
  // The peers table shows each side's choking in words (nobody refuses here, so none).
  await expect(row.locator('td').first()).toHaveText(/^connected( · choked by (peer|us) \(.+\))*$/);

  const rates = b.locator('[data-chart="rates"]');
  await expect(rates).toHaveAttribute('data-sum-peers', String(sb.bytes.peers));
  await expect(rates).toHaveAttribute('data-sum-origin', String(sb.bytes.origin + sb.bytes.passThrough));
  await expect(b.locator('.swarm-chart canvas').first()).toBeVisible();
  expect(await b.locator('.swarm-chart').count()).toBe(3);

  // Savings: origin bytes avoided are B's bytes from peers; A's upload is what it gave B.
  await expect(b.locator('[data-figure="avoided"]')).toHaveAttribute('data-value', String(sb.bytes.peers));
  const sa = await stats(a);
  expect(sa.bytes.upload).toBeGreaterThan(0);
  await expect(a.locator('[data-figure="upload"]')).toHaveAttribute('data-value', String(sa.bytes.upload));
  await expect(a.locator('[data-chart="rates"]')).toHaveAttribute('data-sum-upload', String(sa.bytes.upload));

  // Swarm savings: A adds what B reported of itself (B's bytes from peers, in whole kB) to its own,
  // and says whose word it is; the tracker counts both viewers.
  const swarmAvoided = async () =>
    Number(await a.locator('[data-figure="swarm-avoided"]').getAttribute('data-value'));
  await expect
    .poll(swarmAvoided, { timeout: 15_000 })
    .toBe(sa.bytes.peers + Math.floor(sb.bytes.peers / 1000) * 1000);
  await expect(a.locator('[data-figure="reporters"]')).toContainText('as reported by that peer');
  await expect.poll(async () => (await stats(b)).swarmSize, { timeout: 15_000 }).toBe(2);
  await expect(b.locator('[data-figure="swarm-size"]')).toHaveText("2 (tracker's count)");

  // The price is a keyboard-editable control; doubling it doubles the money saved.
  const saved = async () => Number(await b.locator('[data-figure="saved"]').getAttribute('data-value'));
  const before = await saved();
  const price = b.getByLabel('CDN price, $ per GB');
  await price.focus();
  await price.fill('0.1');
  await expect.poll(saved).toBeCloseTo(before * 2, 12);

  await a.screenshot({ path: resolve(SHOTS, 'demo-page-viewer-a.png'), fullPage: true });
  await b.screenshot({ path: resolve(SHOTS, 'demo-page-viewer-b.png'), fullPage: true });
  await b.setViewportSize({ width: 420, height: 900 });
  await b.waitForTimeout(700);
  const overflow = await b.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await b.screenshot({ path: resolve(SHOTS, 'demo-page-viewer-b-narrow.png'), fullPage: true });

  await a.context().close();
  // B sees A leave: the row stays, greyed, marked left.
  await expect(row).toHaveClass(/peer-left/, { timeout: 30_000 });
  await b.context().close();
});

test('three viewers: the shard map shows one segment gathered from several peers', async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await openViewer(browser, 'A');
  const b = await openViewer(browser, 'B');
  await expect.poll(async () => (await stats(b)).peers.length, { timeout: 30_000 }).toBe(1);
  await settled(b);
  const c = await openViewer(browser, 'C');
  await expect.poll(async () => (await stats(c)).peers.length, { timeout: 30_000 }).toBe(2);
  await settled(c);
  await c.waitForTimeout(700);
  // The most peers any one row drew from, read from the cells' letters.
  const widest = await c.evaluate(() =>
    Math.max(
      0,
      ...[...document.querySelectorAll('table.shard-map tbody tr')].map(
        (tr) => new Set([...tr.querySelectorAll('td.shard.peer')].map((td) => td.textContent)).size,
      ),
    ),
  );
  expect(widest).toBeGreaterThanOrEqual(2);
  await expect(c.locator('.peers-table tbody tr.peer-connected')).toHaveCount(2);
  await c.screenshot({ path: resolve(SHOTS, 'demo-page-viewer-c-three-viewers.png'), fullPage: true });
  for (const page of [a, b, c]) await page.context().close();
});

test('keyboard: the main controls are reached by Tab, show their focus and work', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await openViewer(browser, 'K');
  await expect.poll(async () => (await stats(page)).bytes.origin, { timeout: 30_000 }).toBeGreaterThan(0);

  // Tab from the top until the price field, noting each stop and whether its focus is drawn.
  const stops: Array<{ name: string; visible: boolean }> = [];
  for (let i = 0; i < 30 && stops.at(-1)?.name !== 'swarm-price'; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        const style = getComputedStyle(e);
        const name =
          e.id || `${e.tagName.toLowerCase()}:${e.getAttribute('aria-label') ?? e.textContent?.trim()}`;
        const visible =
          e.matches(':focus-visible') &&
          ((style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) ||
            style.boxShadow !== 'none');
        return { name, visible };
      }),
    );
  }
  const names = stops.map((s) => s.name);
  const main = ['src-input', 'button:Play', 'quality', 'p2p-toggle', 'open-viewer', 'swarm-price'];
  expect(
    names.filter((n) => main.includes(n)),
    names.join(' > '),
  ).toEqual(main);
  // The video's own controls live in the browser's closed shadow tree, which draws their focus.
  expect(stops.filter((s) => !s.visible && s.name !== 'video').map((s) => s.name)).toEqual([]);

  // Quality: arrow keys pick a level.
  await page.locator('#quality').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#quality')).not.toHaveValue('-1');

  // Price: typed from the keyboard, and accepted.
  await page.locator('#swarm-price').focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('0.2');
  await expect(page.locator('#swarm-price')).toHaveValue('0.2');
  await expect(page.locator('#swarm-price')).toHaveAttribute('aria-invalid', 'false');

  // Open another viewer: Enter opens the same stream in a new tab.
  await page.locator('#open-viewer').focus();
  const opened = page.context().waitForEvent('page');
  await page.keyboard.press('Enter');
  const other = await opened;
  await other.waitForLoadState();
  expect(new URL(other.url()).searchParams.get('src')).toBe(new URL(page.url()).searchParams.get('src'));
  await other.close();

  // URL field and Play: Enter in the field (and Space on Play) load the stream again.
  await page.locator('#src-input').focus();
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await expect(page.locator('.swarm-view')).toBeVisible();
  await page.getByRole('button', { name: 'Play' }).focus();
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Space')]);

  // P2P switch: Space turns P2P off (the page reloads as plain hls.js and says so).
  await page.locator('#p2p-toggle').focus();
  await Promise.all([page.waitForURL(/p2p=0/), page.keyboard.press('Space')]);
  await expect(page.locator('#notice')).toContainText('P2P is off');
  await page.context().close();
});
