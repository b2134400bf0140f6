// Churn on a live stream: viewers leave abruptly (their browser context closes mid-transfer,
// no goodbye) and new ones join, round after round. The viewers who stay must never stall,
// every joiner must play, and no byte that reaches a player may differ from the origin's.

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
  startChaosStack,
  type ViewerReport,
} from '../support/chaos.ts';
import { stackForFile } from '../support/servers.ts';
import { sleep } from '../support/viewer.ts';

const STREAM = 'vod-ts-360p';
const hashes = originHashes(STREAM);
const stack = stackForFile(startChaosStack);

const STAYERS = 3;
const ROUNDS = pick(3, 10);
/** How long each joiner stays before it leaves abruptly. */
const STAY_MS = pick(6_000, 12_000);

test(`live: ${ROUNDS} rounds of a viewer leaving abruptly and another joining; nobody stalls`, async ({
  browser,
}) => {
  test.setTimeout(pick(100_000, 300_000));
  stack.origin.resetMeter();
  const url = stack.page(`live/${STREAM}/index.m3u8`, { bc: '0' });
  const stayers: Page[] = [];
  for (let i = 0; i < STAYERS; i++) {
    stayers.push(await openProbedViewer(browser, url));
    await sleep(1000);
  }
  await Promise.all(stayers.map((p) => playsFor(p, 2, 40_000)));

  const left: ViewerReport[] = [];
  let churner = await openProbedViewer(browser, url);
  for (let round = 0; round < ROUNDS; round++) {
    const started = Date.now();
    await playsFor(churner, 2, 30_000);
    console.log(
      `round ${round}: joiner played 2 s within ${Date.now() - started} ms of the previous one leaving`,
    );
    // Let the swarm lean on it: the stayers ask it for shards.
    await sleep(Math.max(0, STAY_MS - (Date.now() - started)));
    const r = await report(churner);
    expectUncorrupted(r, hashes, `joiner ${round}`);
    expect(r.stalls, `joiner ${round}: stalls after startup`).toBe(0);
    left.push(r);
    console.log(line(`joiner ${round}`, r));
    // Abruptly: no bye, the data channels just die. A new viewer joins at once.
    await churner.context().close();
    churner = await openProbedViewer(browser, url);
  }
  await playsFor(churner, 2, 30_000);
  // Every stayer notices each joiner that left (a dead link is dropped, not kept forever). An
  // abrupt leave is seen only when WebRTC gives up on the link (~10-20 s here): the short run
  // does not wait for the last one.
  const expected = pick(ROUNDS - 1, ROUNDS);
  const noticed = Date.now();
  const leftOf = async (p: Page) =>
    (await report(p)).probe.peerEvents.filter((e) => e.change === 'left').length;
  await expect
    .poll(async () => Math.min(...(await Promise.all(stayers.map(leftOf)))), { timeout: 40_000 })
    .toBeGreaterThanOrEqual(expected);
  console.log(
    `stayers saw ${expected} of ${ROUNDS} departures ${Date.now() - noticed} ms after the last joiner played`,
  );

  const last = await report(churner);
  const stayed = await Promise.all(stayers.map(report));
  stayed.forEach((r, i) => {
    console.log(line(`stayer ${i}`, r));
  });
  for (const [i, r] of stayed.entries()) {
    const who = `stayer ${i}`;
    expectUncorrupted(r, hashes, who);
    expect(r.stalls, `${who}: stalls`).toBe(0);
    expect(r.selfStats.peers, `${who}: bytes from peers`).toBeGreaterThan(0);
  }
  expectUncorrupted(last, hashes, 'last joiner');
  // Joiners took part in the swarm (received shards from peers or served them).
  expect(left.filter((r) => r.selfStats.peers + r.selfStats.upload > 0).length).toBeGreaterThan(0);
  // Σ of what every viewer (including those gone) said it drew, against the origin's meter.
  const shoalOrigin = [...left, last, ...stayed].reduce((n, r) => n + r.selfStats.origin, 0);
  expectMeterAgrees(shoalOrigin, stack.origin.meter().segments.bytes);
  for (const page of [...stayers, churner]) await page.context().close();
});
