// Storage under stress. (a) IndexedDB is full: every write fails with QuotaExceededError, as
// when the disk quota runs out; playback goes on and the engine keeps serving from memory.
// (b) A VOD viewer reloads mid-stream: it plays again, its own playback comes from the shards
// it kept in IndexedDB (see the known race below), and a newcomer gets shards from it.

import { type BrowserContext, expect, type Page, test } from '@playwright/test';
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
import { stackForFile, startStack } from '../support/servers.ts';
import { sleep } from '../support/viewer.ts';

const STREAM = 'vod-fmp4-360p';
const hashes = originHashes(STREAM);
const stack = stackForFile(startStack);

/** Every IndexedDB write throws QuotaExceededError; counts the attempts in `__quotaHits`. */
async function fillIndexedDb(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __quotaHits: number };
    w.__quotaHits = 0;
    const refuse = () => {
      w.__quotaHits += 1;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = refuse;
    IDBObjectStore.prototype.add = refuse;
  });
}

type SegmentCounts = { origin: number; peers: number; mixed: number; store: number };
const segmentsOf = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as { shoalPage: { shoal: { stats(): { segments: SegmentCounts } } } }
      ).shoalPage.shoal.stats().segments,
  );

test('VOD: IndexedDB quota exhausted; playback goes on and the viewer still serves from memory', async ({
  browser,
}) => {
  test.setTimeout(pick(90_000, 150_000));
  const url = stack.page(`${STREAM}/index.m3u8`, { bc: '0' });
  const full = await openProbedViewer(browser, url, fillIndexedDb);
  await playsFor(full, 6, 40_000);
  const other = await openProbedViewer(browser, url);
  await playsFor(other, pick(5, 24), 40_000);
  await sleep(2000);

  const hits = await full.evaluate(() => (window as unknown as { __quotaHits: number }).__quotaHits);
  const [f, o] = await Promise.all([report(full), report(other)]);
  console.log(`  IndexedDB writes refused: ${hits}`);
  console.log(line('full-disk', f));
  console.log(line('other', o));
  expect(hits, 'the engine tried to write and was refused').toBeGreaterThan(0);
  for (const [who, r] of [
    ['full-disk', f],
    ['other', o],
  ] as const) {
    expectUncorrupted(r, hashes, who);
    expect(r.stalls, `${who}: stalls`).toBe(0);
  }
  // The full-disk viewer kept its shards in memory and served them.
  expect(f.selfStats.upload, 'full-disk: bytes uploaded').toBeGreaterThan(0);
  expect(o.selfStats.peers, 'other: bytes from peers').toBeGreaterThan(0);
  expectMeterAgrees(f.selfStats.origin + o.selfStats.origin, stack.origin.meter().segments.bytes);
  for (const page of [full, other]) await page.context().close();
});

test('VOD: a viewer reloads mid-stream, plays from what it kept and serves it to a newcomer', async ({
  browser,
}) => {
  test.setTimeout(pick(90_000, 150_000));
  const url = stack.page(`${STREAM}/index.m3u8`, { bc: '0' });
  const keeper = await openProbedViewer(browser, url);
  await playsFor(keeper, pick(6, 24), 40_000);
  // Give the IndexedDB write-behind a moment, then reload: a fresh page, same storage.
  await sleep(2000);
  const beforeReload = (await report(keeper)).selfStats.origin;
  stack.origin.resetMeter();
  await keeper.reload();
  await playsFor(keeper, 3, 40_000);
  const newcomer = await openProbedViewer(browser, url);
  await playsFor(newcomer, 5, 40_000);
  await sleep(2000);

  const [k, n] = await Promise.all([report(keeper), report(newcomer)]);
  const segments = await segmentsOf(keeper);
  console.log(`  keeper drew ${beforeReload} B from the origin before the reload`);
  console.log(`${line('keeper', k)} segments=${JSON.stringify(segments)}`);
  console.log(line('newcomer', n));
  for (const [who, r] of [
    ['keeper', k],
    ['newcomer', n],
  ] as const) {
    expectUncorrupted(r, hashes, who);
    expect(r.stalls, `${who}: stalls`).toBe(0);
  }
  // After the reload the keeper's first segments come out of its own IndexedDB.
  expect(segments.store, 'reloaded viewer: segments rebuilt from its own store').toBeGreaterThanOrEqual(3);
  // ...and the newcomer took shards from it.
  expect(n.selfStats.peers, 'newcomer: bytes from peers').toBeGreaterThan(0);
  expect(k.selfStats.upload, 'keeper: bytes uploaded').toBeGreaterThan(0);
  // The meter was reset at the reload. The reloaded page may get "origin" bytes from Chromium's
  // HTTP cache (segments are cacheable), which Shoal counts as origin bytes and the meter never
  // sees: so here the meter can only be lower than Σ stats, never higher.
  const meter = stack.origin.meter().segments.bytes;
  const shoalOrigin = k.selfStats.origin + n.selfStats.origin;
  console.log(`  meter ${meter} B, Σ Shoal origin ${shoalOrigin} B (HTTP cache may explain the difference)`);
  expect(meter).toBeLessThanOrEqual(shoalOrigin + 200_000);
  for (const page of [keeper, newcomer]) await page.context().close();
});
