// The tracker goes away. Down before anyone opens the page: viewers play from the origin and
// the page says the tracker is unreachable. Down mid-stream: peers already connected keep
// their data channels, so they keep trading (their peer bytes keep growing).

import { expect, type Page, test } from '@playwright/test';
import {
  expectMeterAgrees,
  expectUncorrupted,
  line,
  openProbedViewer,
  originHashes,
  pick,
  playsFor,
  report,
} from '../support/chaos.ts';
import { type Stack, startStack } from '../support/servers.ts';
import { sleep } from '../support/viewer.ts';

const STREAM = 'vod-ts-360p';
const hashes = originHashes(STREAM);
let stack: Stack;

// Each test kills the tracker: a fresh stack for each.
test.beforeEach(async () => {
  stack = await startStack();
});
test.afterEach(async () => {
  await stack?.close();
});

const swarmStatus = (page: Page) => page.locator('#swarm').getByRole('status');

test('tracker down from the start: viewers play from the origin and the page says why', async ({
  browser,
}) => {
  test.setTimeout(pick(60_000, 120_000));
  await stack.tracker.close();
  const url = stack.page(`live/${STREAM}/index.m3u8`, { bc: '0' });
  const pages = [await openProbedViewer(browser, url), await openProbedViewer(browser, url)];
  await Promise.all(pages.map((p) => playsFor(p, pick(6, 20), 40_000)));
  for (const page of pages) await expect(swarmStatus(page)).toContainText('tracker unreachable');

  const reports = await Promise.all(pages.map(report));
  for (const [i, r] of reports.entries()) {
    const who = `viewer ${i}`;
    console.log(line(who, r));
    expectUncorrupted(r, hashes, who);
    expect(r.stalls, `${who}: stalls`).toBe(0);
    expect(r.shoal?.peers, `${who}: peers`).toBe(0);
    expect(r.selfStats.peers, `${who}: bytes from peers`).toBe(0);
    // Everything came from the origin, and Shoal counted it all.
    expect(r.selfStats.origin, `${who}: origin bytes`).toBeGreaterThanOrEqual(r.fragmentBytes);
  }
  const network = await pages[0]!.evaluate(
    () =>
      (
        window as unknown as { shoalPage: { shoal: { stats(): { network: unknown } } } }
      ).shoalPage.shoal.stats().network,
  );
  console.log(`  network status: ${JSON.stringify(network)}`);
  expectMeterAgrees(
    reports.reduce((n, r) => n + r.selfStats.origin, 0),
    stack.origin.meter().segments.bytes,
  );
  for (const page of pages) await page.context().close();
});

test('tracker down mid-stream: connected peers keep trading and nobody stalls', async ({ browser }) => {
  test.setTimeout(pick(90_000, 180_000));
  const url = stack.page(`live/${STREAM}/index.m3u8`, { bc: '0' });
  const pages: Page[] = [];
  for (let i = 0; i < 3; i++) {
    pages.push(await openProbedViewer(browser, url));
    await sleep(1000);
  }
  await Promise.all(pages.map((p) => playsFor(p, 2, 40_000)));
  await expect
    .poll(async () => Math.min(...(await Promise.all(pages.map(report))).map((r) => r.shoal?.peers ?? 0)), {
      timeout: 30_000,
    })
    .toBe(2);
  await sleep(3000);

  await stack.tracker.close();
  const before = await Promise.all(pages.map(report));
  for (const page of pages)
    await expect(swarmStatus(page)).toContainText('tracker unreachable', { timeout: 20_000 });
  await sleep(pick(15_000, 60_000));

  const after = await Promise.all(pages.map(report));
  for (const [i, r] of after.entries()) {
    const who = `viewer ${i}`;
    console.log(`${line(who, r)} (peer bytes at tracker stop: ${before[i]!.selfStats.peers})`);
    expectUncorrupted(r, hashes, who);
    expect(r.stalls, `${who}: stalls`).toBe(0);
    expect(r.shoal?.peers, `${who}: peers still connected`).toBe(2);
    expect(r.selfStats.peers, `${who}: peer bytes keep growing`).toBeGreaterThan(before[i]!.selfStats.peers);
    expect(r.currentTime, `${who}: still playing`).toBeGreaterThan(before[i]!.currentTime + 10);
  }
  expectMeterAgrees(
    after.reduce((n, r) => n + r.selfStats.origin, 0),
    stack.origin.meter().segments.bytes,
  );
  for (const page of pages) await page.context().close();
});
