// A slow peer on a live stream: a viewer whose upload is throttled, either by a thin pipe under
// its links (frames leave at 16 KB/s, in order: e2e/pages/chaos/tamper.ts) or by the engine's
// own `uploadBytesPerSecond` cap. It joins first, so it holds what the others want and they ask
// it; nobody may stall waiting for it.

import { expect, type Page, test } from '@playwright/test';
import {
  CHAOS_LONG,
  expectMeterAgrees,
  expectUncorrupted,
  line,
  openProbedViewer,
  originHashes,
  pick,
  playsFor,
  report,
  startChaosStack,
} from '../support/chaos.ts';
import { stackForFile } from '../support/servers.ts';
import { sleep } from '../support/viewer.ts';

const STREAM = 'vod-ts-360p';
const hashes = originHashes(STREAM);
const stack = stackForFile(startChaosStack);

const HONEST = 3;
const RUN_MS = pick(12_000, 60_000);

const variants: Array<{ name: string; pipe: boolean; query: Record<string, string> }> = [
  { name: 'a 16 KB/s pipe under its links', pipe: true, query: { tamper: 'slow', slowBps: '16000' } },
  { name: 'an upload cap of 8 KB/s', pipe: false, query: { tamper: 'none', upload: '8000' } },
];

for (const variant of CHAOS_LONG ? variants : variants.slice(0, 1)) {
  test(`live: a peer throttled by ${variant.name} stalls nobody`, async ({ browser }) => {
    test.setTimeout(pick(90_000, 180_000));
    const slow = await openProbedViewer(browser, stack.liarPage(`live/${STREAM}/index.m3u8`, variant.query));
    await playsFor(slow, 2, 30_000);
    const honest: Page[] = [];
    for (let i = 0; i < HONEST; i++) {
      honest.push(await openProbedViewer(browser, stack.page(`live/${STREAM}/index.m3u8`, { bc: '0' })));
      await sleep(1000);
    }
    await Promise.all(honest.map((p) => playsFor(p, 2, 40_000)));
    await sleep(RUN_MS);

    const slowReport = await report(slow);
    const counts = await slow.evaluate(
      () => (window as unknown as { shoalPage: { tamper: object } }).shoalPage.tamper,
    );
    console.log(`slow: ${JSON.stringify(counts)}`);
    console.log(line('slow', slowReport));
    const reports = await Promise.all(honest.map(report));
    for (const [i, r] of reports.entries()) {
      const who = `honest ${i}`;
      console.log(line(who, r));
      expectUncorrupted(r, hashes, who);
      expect(r.stalls, `${who}: stalls`).toBe(0);
      expect(r.selfStats.peers, `${who}: bytes from peers`).toBeGreaterThan(0);
    }
    // The others did ask it: it had shards to push through its thin pipe.
    if (variant.pipe) expect(slowReport.selfStats.upload).toBeGreaterThan(0);
    expectUncorrupted(slowReport, hashes, 'slow');
    const shoalOrigin = [slowReport, ...reports].reduce((n, r) => n + r.selfStats.origin, 0);
    expectMeterAgrees(shoalOrigin, stack.origin.meter().segments.bytes);
    for (const page of [slow, ...honest]) await page.context().close();
  });
}
