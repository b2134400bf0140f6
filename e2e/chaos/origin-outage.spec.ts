// The origin answers 503 for every segment for 10 s while a live stream goes on (playlists and
// manifests still load, so new segments keep being listed). Viewers play on from their buffers
// and what the swarm holds; segments published during the outage exist nowhere, so a stall can
// be unavoidable: we report its length and assert it is bounded, then that everyone recovers.

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
import { stackForFile, startStack } from '../support/servers.ts';
import { figures, sleep } from '../support/viewer.ts';

const STREAM = 'vod-ts-360p';
const hashes = originHashes(STREAM);
const stack = stackForFile(startStack);

const OUTAGE_MS = pick(10_000, 20_000);

test(`live: a ${OUTAGE_MS / 1000} s origin outage; viewers ride it out and recover`, async ({ browser }) => {
  test.setTimeout(pick(100_000, 180_000));
  stack.origin.resetMeter();
  const url = stack.page(`live/${STREAM}/index.m3u8`, { bc: '0' });
  const pages: Page[] = [];
  for (let i = 0; i < 3; i++) {
    pages.push(await openProbedViewer(browser, url));
    await sleep(1000);
  }
  await Promise.all(pages.map((p) => playsFor(p, 4, 40_000)));
  await sleep(4000);

  const before = await Promise.all(pages.map(figures));
  stack.origin.setFaults({ outage: { startInMs: 0, durationMs: OUTAGE_MS } });
  const outageStart = Date.now();
  // Sample playback through the outage: when each viewer's first stall began.
  const firstStallAfter: Array<number | null> = pages.map(() => null);
  while (Date.now() - outageStart < OUTAGE_MS) {
    const now = await Promise.all(pages.map(figures));
    now.forEach((f, i) => {
      if (firstStallAfter[i] === null && f.stalls > before[i]!.stalls)
        firstStallAfter[i] = Date.now() - outageStart;
    });
    await sleep(500);
  }
  const atEnd = await Promise.all(pages.map(figures));
  // After the outage: everyone plays again.
  const recovered = Date.now();
  await Promise.all(pages.map((p) => playsFor(p, 6, 40_000)));
  console.log(
    `outage ${OUTAGE_MS} ms; all played 6 s more within ${Date.now() - recovered} ms after it ended`,
  );
  await sleep(3000);

  const reports = await Promise.all(pages.map(report));
  for (const [i, r] of reports.entries()) {
    const who = `viewer ${i}`;
    const stallMs = r.stallMs - before[i]!.stallMs;
    const firstStall = firstStallAfter[i];
    console.log(
      `${line(who, r)}\n    played ${(atEnd[i]!.currentTime - before[i]!.currentTime).toFixed(1)} s during the outage; ` +
        `first stall ${firstStall === null ? 'none' : `${firstStall} ms into it`}; stalled ${Math.round(stallMs)} ms`,
    );
    expectUncorrupted(r, hashes, who);
    // Bounded: at most the outage itself plus a few seconds to refill (not zero: the segments
    // published during the outage were nowhere to be had).
    expect(stallMs, `${who}: stall time`).toBeLessThan(OUTAGE_MS + 8000);
    expect(r.stalls - before[i]!.stalls, `${who}: stalls`).toBeLessThanOrEqual(3);
    // It played through the start of the outage from its buffer.
    expect(
      atEnd[i]!.currentTime - before[i]!.currentTime,
      `${who}: played during the outage`,
    ).toBeGreaterThan(2);
  }
  expectMeterAgrees(
    reports.reduce((n, r) => n + r.selfStats.origin, 0),
    stack.origin.meter().segments.bytes,
  );
  for (const page of pages) await page.context().close();
});
