// A malicious viewer (e2e/pages/chaos/liar.html: the real engine whose links tamper what they
// send) plays a live stream with honest viewers. It corrupts every shard it serves, or, in the
// second variant, answers with protocol garbage. Honest viewers must cut it off, and nothing it
// sent may reach their players: every fragment hls.js received is hashed in the page and
// compared with the origin's file.

import { type Browser, expect, type Page, test } from '@playwright/test';
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
} from '../support/chaos.ts';
import { stackForFile } from '../support/servers.ts';
import { sleep } from '../support/viewer.ts';

const STREAM = 'vod-ts-360p';
const hashes = originHashes(STREAM);
const stack = stackForFile(startChaosStack);

const HONEST = pick(3, 4);
const AFTER_CUTOFF_MS = pick(5_000, 40_000);

interface Meeting {
  liar: Page;
  liarId: string;
  honest: Page[];
}

/** The liar starts first (so it holds what the others want), then honest viewers join. */
async function meetLiar(browser: Browser, tamper: 'corrupt' | 'garbage', count: number): Promise<Meeting> {
  const liar = await openProbedViewer(browser, stack.liarPage(`live/${STREAM}/index.m3u8`, { tamper }));
  await playsFor(liar, 2, 30_000);
  const liarId: string = await liar.evaluate(
    () => (window as unknown as { shoalPage: { selfId: string } }).shoalPage.selfId,
  );
  const honest: Page[] = [];
  for (let i = 0; i < count; i++) {
    honest.push(await openProbedViewer(browser, stack.page(`live/${STREAM}/index.m3u8`, { bc: '0' })));
    await sleep(1000);
  }
  await Promise.all(honest.map((p) => playsFor(p, 2, 40_000)));
  return { liar, liarId, honest };
}

/** Has this honest viewer met the liar, banned it, and lost its link? */
async function cutOff(page: Page, liarId: string): Promise<boolean> {
  const r = await report(page);
  const met = r.probe.peerEvents.some((e) => e.peerId === liarId && e.change === 'joined');
  return met && r.probe.bans.some((b) => b.peerId === liarId) && !r.peerIds.includes(liarId);
}

async function closeAll(m: Meeting): Promise<void> {
  for (const page of [m.liar, ...m.honest]) await page.context().close();
}

for (const tamper of ['corrupt', 'garbage'] as const) {
  const what = tamper === 'corrupt' ? 'corrupted shards' : 'protocol garbage';
  test(`live: a viewer that sends ${what} is cut off and nothing it sent reaches a player`, async ({
    browser,
  }) => {
    test.setTimeout(pick(90_000, 180_000));
    const m = await meetLiar(browser, tamper, HONEST);
    const { liar, liarId, honest } = m;
    // Each honest viewer meets the liar, asks it for shards and bans it. (Garbage too: a peer
    // that is only dropped comes back through the tracker and is paid for again.)
    await expect
      .poll(async () => (await Promise.all(honest.map((p) => cutOff(p, liarId)))).every(Boolean), {
        timeout: pick(40_000, 90_000),
        intervals: [1000],
      })
      .toBe(true);
    await sleep(AFTER_CUTOFF_MS);

    const liarReport = await report(liar);
    const counts = await liar.evaluate(
      () => (window as unknown as { shoalPage: { tamper: object } }).shoalPage.tamper,
    );
    console.log(`${tamper}: liar ${JSON.stringify(counts)}`);
    console.log(line('liar', liarReport));
    const reports = await Promise.all(honest.map(report));
    for (const [i, r] of reports.entries()) {
      const who = `honest ${i}`;
      console.log(line(who, r));
      expectUncorrupted(r, hashes, who);
      expect(r.stalls, `${who}: stalls`).toBe(0);
      // Honest viewers still trade with each other.
      expect(r.peerIds.filter((id) => id !== liarId).length, `${who}: honest peers`).toBeGreaterThan(0);
      // Banned for the session: it never comes back.
      expect(r.peerIds, `${who}: peers at the end`).not.toContain(liarId);
      expect(
        r.probe.bans.map((b) => b.peerId),
        `${who}: bans`,
      ).toEqual([liarId]);
      if (tamper === 'garbage') {
        const errors = r.probe.engineErrors.filter((e) => e.kind === 'peer-protocol');
        expect(errors.length, `${who}: protocol errors reported`).toBeGreaterThan(0);
      }
    }
    expect(Math.min(...reports.map((r) => r.probe.frags.length))).toBeGreaterThan(4);
    const shoalOrigin = [liarReport, ...reports].reduce((n, r) => n + r.selfStats.origin, 0);
    expectMeterAgrees(shoalOrigin, stack.origin.meter().segments.bytes);
    await closeAll(m);
  });
}
