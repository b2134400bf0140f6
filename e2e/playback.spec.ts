// A newcomer's first look: the demo page plays VOD (TS, fMP4), a multi-bitrate master and the
// origin's live simulation, measured on the <video> element and the origin's own meter.

import { expect, test } from '@playwright/test';
import { stackForFile, startStack } from './support/servers.ts';
import { figures, openViewer, waitForPlayback } from './support/viewer.ts';

const stack = stackForFile(startStack);

const streams = [
  ['VOD MPEG-TS', 'vod-ts-360p/index.m3u8'],
  ['VOD fMP4', 'vod-fmp4-360p/index.m3u8'],
  ['multi-bitrate fMP4 master', 'abr-fmp4/master.m3u8'],
  ['live (sliding window)', 'live/vod-ts-360p/index.m3u8'],
] as const;

for (const [name, path] of streams) {
  test(`plays ${name} with Shoal, and the origin meter counts what it served`, async ({ browser }) => {
    const page = await openViewer(browser, stack.page(path, { bc: '0' }));
    await waitForPlayback(page, 4);
    const f = await figures(page);
    expect(f.error).toBe('');
    expect(f.stalls).toBe(0);
    expect(f.shoal?.p2p.enabled).toBe(true);
    const meter = stack.origin.meter();
    expect(meter.playlists.requests).toBeGreaterThan(0);
    expect(meter.manifests.requests).toBeGreaterThan(0);
    // Alone, the viewer's media came from the origin: the meter saw at least those bytes.
    expect(meter.segments.bytes).toBeGreaterThanOrEqual(f.fragmentBytes * 0.99);
    await page.context().close();
  });
}

test('p2p=0 is plain hls.js: no manifest requests, every fragment byte from the origin', async ({
  browser,
}) => {
  const page = await openViewer(browser, stack.page('vod-fmp4-360p/index.m3u8', { p2p: '0' }));
  await waitForPlayback(page, 4);
  const f = await figures(page);
  expect(f.shoal).toBeNull();
  await expect(page.locator('#notice')).toContainText('P2P is off');
  const meter = stack.origin.meter();
  expect(meter.manifests.requests).toBe(0);
  expect(meter.segments.bytes).toBeGreaterThanOrEqual(f.fragmentBytes);
  await page.context().close();
});

test('a stream without a manifest plays from the origin, and the page says why P2P is off', async ({
  browser,
}) => {
  const context = await browser.newContext();
  await context.route('**/*.shoal.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
  const page = await context.newPage();
  await page.goto(stack.page('vod-ts-360p/index.m3u8', { bc: '0' }));
  await waitForPlayback(page, 3);
  await expect(page.locator('#notice')).toContainText('P2P is off for this stream');
  const f = await figures(page);
  expect(f.stalls).toBe(0);
  expect(f.shoal?.bytes.peers).toBe(0);
  await context.close();
});

test('an unreachable URL and a non-HLS response get plain-word errors', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${stack.pageUrl}?src=${encodeURIComponent('http://127.0.0.1:9/nothing.m3u8')}`);
  await expect(page.locator('#error')).toContainText('Could not reach', { timeout: 20_000 });
  await page.goto(`${stack.pageUrl}?src=${encodeURIComponent(`${stack.origin.url}/__meter`)}`);
  await expect(page.locator('#error')).toContainText('not an HLS playlist', { timeout: 20_000 });
  await context.close();
});

test('the origin answers Range requests across origins, exposing Content-Range', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.pageUrl);
  const result = await page.evaluate(async (url) => {
    const r = await fetch(url, { headers: { Range: 'bytes=100-199' } });
    return {
      status: r.status,
      range: r.headers.get('Content-Range'),
      length: (await r.arrayBuffer()).byteLength,
    };
  }, `${stack.origin.url}/vod-ts-360p/seg_000.ts`);
  expect(result.status).toBe(206);
  expect(result.range).toMatch(/^bytes 100-199\/\d+$/);
  expect(result.length).toBe(100);
  await context.close();
});
