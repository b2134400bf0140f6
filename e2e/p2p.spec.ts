// Viewers in separate browser contexts share one stream through the local tracker. Savings are
// measured from outside: the origin's own meter against what hls.js itself received.

import { expect, test } from '@playwright/test';
import { stackForFile, startStack } from './support/servers.ts';
import { figures, openViewer, setLevel, sleep, swarmId, waitForPlayback } from './support/viewer.ts';

const stack = stackForFile(startStack);

test('live: four viewers at the live edge draw about one copy of the stream from the origin', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const url = stack.page('live/vod-ts-360p/index.m3u8', { bc: '0' });
  const pages = [];
  for (let i = 0; i < 4; i++) {
    pages.push(await openViewer(browser, url));
    await sleep(1000);
  }
  await sleep(25_000);
  const all = await Promise.all(pages.map(figures));
  const delivered = all.reduce((n, f) => n + f.fragmentBytes, 0);
  const origin = stack.origin.meter().segments.bytes;
  console.log(
    `live x4: origin ${origin} B for ${delivered} B delivered (${(origin / delivered).toFixed(2)}x)`,
  );
  for (const f of all) {
    expect(f.error).toBe('');
    expect(f.stalls).toBe(0);
    expect(f.shoal?.peers).toBe(3);
    expect(f.shoal?.bytes.peers).toBeGreaterThan(0);
  }
  // Each viewer passes its share of every segment on: none stops uploading (an uplink that
  // wrongly thinks itself full refuses its peers, and they go to the origin instead).
  const uploads = all.map((f) => f.shoal?.bytes.upload ?? 0);
  const meanUpload = uploads.reduce((a, b) => a + b, 0) / uploads.length;
  console.log(`live x4: uploaded ${uploads.map((b) => `${(b / 1e6).toFixed(2)} MB`).join(' ')}`);
  for (const bytes of uploads) expect(bytes).toBeGreaterThan(0.3 * meanUpload);
  // Uplinks measured while requests waited are told to peers, which weigh the live split by them.
  const told = all.map((f) => f.shoal?.p2p.uplink ?? null);
  console.log(
    `live x4: told uplink ${told.map((b) => (b === null ? '-' : `${(b / 1e3).toFixed(0)} kB/s`)).join(' ')}`,
  );
  expect(told.some((b) => b !== null && b > 0)).toBe(true);
  // Plain hls.js would draw `delivered` bytes; the ideal with four viewers is 0.25.
  expect(origin / delivered).toBeLessThan(0.45);
  // Nobody fell behind the live edge for P2P: hls.js aims at 3 segments (6 s) behind it, and
  // a viewer whose first segment came late has caught up with that aim (live catch-up).
  console.log(
    `live x4: latency ${all.map((f) => `${f.latency.toFixed(2)}/${f.targetLatency.toFixed(2)}`).join(' ')} s`,
  );
  for (const f of all) {
    expect(f.latency).toBeLessThan(9);
    expect(f.latency - f.targetLatency).toBeLessThan(0.3);
  }
  for (const page of pages) await page.context().close();
});

test('VOD: viewers joining later take the stream from those before them, and all play to the end', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const url = stack.page('vod-fmp4-360p/index.m3u8', { bc: '0' });
  const pages = [];
  for (let i = 0; i < 3; i++) {
    pages.push(await openViewer(browser, url));
    await sleep(3000);
  }
  // The sample is 40 s long: every viewer reaches its end.
  await Promise.all(
    pages.map((p) =>
      p.waitForFunction(() => document.querySelector('video')?.ended, undefined, { timeout: 90_000 }),
    ),
  );
  const all = await Promise.all(pages.map(figures));
  const delivered = all.reduce((n, f) => n + f.fragmentBytes, 0);
  const origin = stack.origin.meter().segments.bytes;
  console.log(
    `VOD x3: origin ${origin} B for ${delivered} B delivered (${(origin / delivered).toFixed(2)}x)`,
  );
  for (const f of all) {
    expect(f.stalls).toBe(0);
    expect(f.error).toBe('');
  }
  expect(all[1]!.shoal!.bytes.peers + all[2]!.shoal!.bytes.peers).toBeGreaterThan(0);
  // Ideal with three viewers: one copy, 0.33x.
  expect(origin / delivered).toBeLessThan(0.55);
  for (const page of pages) await page.context().close();
});

test('two tabs of one browser trade shards over BroadcastChannel, with no tracker', async ({ browser }) => {
  const context = await browser.newContext();
  const src = encodeURIComponent(`${stack.origin.url}/vod-ts-360p/index.m3u8`);
  const url = `${stack.pageUrl}?src=${src}&bc=1`;
  const first = await context.newPage();
  await first.goto(url);
  await waitForPlayback(first, 3);
  const second = await context.newPage();
  await second.goto(url);
  await waitForPlayback(second, 4);
  // Either tab may end up feeding the other: when the newcomer catches up with the first tab's
  // buffer, the two are level and the tab of lower id fetches ahead (docs/engine.md, VOD follow rule).
  const fromPeers = async () =>
    ((await figures(first)).shoal?.bytes.peers ?? 0) + ((await figures(second)).shoal?.bytes.peers ?? 0);
  await expect.poll(fromPeers, { timeout: 20_000 }).toBeGreaterThan(0);
  for (const f of [await figures(first), await figures(second)]) {
    expect(f.stalls).toBe(0);
    expect(f.error).toBe('');
    expect(f.shoal?.peers).toBe(1);
  }
  await context.close();
});

test('a quality switch keeps the swarm: same swarm, same peer, shards still traded', async ({ browser }) => {
  test.setTimeout(120_000);
  const url = stack.page('abr-fmp4/master.m3u8', { bc: '0' });
  const first = await openViewer(browser, url);
  await waitForPlayback(first, 2);
  const second = await openViewer(browser, url);
  await waitForPlayback(second, 2);
  await expect.poll(async () => (await figures(second)).shoal?.peers ?? 0, { timeout: 20_000 }).toBe(1);
  const swarmBefore = await swarmId(second);
  // Both viewers switch level: the rendition changes, the content (and so the swarm) does not.
  for (const page of [first, second]) await setLevel(page, 0);
  await sleep(6000);
  for (const page of [first, second]) await setLevel(page, 1);
  await waitForPlayback(second, 4);
  const f = await figures(second);
  expect(f.stalls).toBe(0);
  expect(f.error).toBe('');
  expect(f.shoal?.peers).toBe(1);
  expect(await swarmId(second)).toBe(swarmBefore);
  expect(f.shoal?.bytes.peers).toBeGreaterThan(0);
  await first.context().close();
  await second.context().close();
});

test('trust=1 shares a stream that has no manifest, and the page warns that nothing is verified', async ({
  browser,
}) => {
  const open = async () => {
    const context = await browser.newContext();
    await context.route('**/*.shoal.json', (route) => route.fulfill({ status: 404, body: 'none' }));
    const page = await context.newPage();
    await page.goto(stack.page('vod-ts-360p/index.m3u8', { bc: '0', trust: '1' }));
    return page;
  };
  const first = await open();
  await waitForPlayback(first, 3);
  await expect(first.locator('#notice')).toContainText('NOT verified');
  const second = await open();
  await waitForPlayback(second, 4);
  await expect
    .poll(async () => (await figures(second)).shoal?.bytes.peers ?? 0, { timeout: 20_000 })
    .toBeGreaterThan(0);
  expect((await figures(second)).stalls).toBe(0);
  await first.context().close();
  await second.context().close();
});
