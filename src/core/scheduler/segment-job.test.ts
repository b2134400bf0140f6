import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import { VirtualClock } from '../testing/virtual-clock.ts';
import { type JobHost, SegmentJob } from './segment-job.ts';

/** A job whose host counts plans (each replan asks for the peers once) and has no peers. */
function countingJob(
  clock: VirtualClock,
  over: Partial<JobHost> = {},
): { job: SegmentJob; plans: () => number } {
  let plans = 0;
  const info = {
    key: '0:1',
    ref: { rendition: 0, sequence: 1 },
    params: { k: 2, m: 1, shardSize: 4 },
    live: true,
  } as unknown as SegmentInfo;
  const host = {
    clock,
    config: resolveConfig(),
    peers: () => {
      plans += 1;
      return [];
    },
    originTimeMs: () => 10,
    share: () => [],
    secondWaveShare: () => null,
    expectingPeersUntil: () => Number.POSITIVE_INFINITY,
    readLocal: async () => undefined,
    ...over,
  } as unknown as JobHost;
  return { job: new SegmentJob(info, host), plans: () => plans };
}

describe('SegmentJob.replanSoon', () => {
  it('coalesces news into one plan per turn, or per delay when given one', async () => {
    const clock = new VirtualClock();
    const { job, plans } = countingJob(clock);
    await job.run([]);
    await clock.advance(0);
    const afterRun = plans();
    job.replanSoon();
    job.replanSoon();
    await clock.advance(0);
    expect(plans()).toBe(afterRun + 1);
    job.replanSoon(20);
    await clock.advance(10);
    job.replanSoon(20); // already queued: no second plan
    await clock.advance(9);
    expect(plans()).toBe(afterRun + 1);
    await clock.advance(1);
    expect(plans()).toBe(afterRun + 2);
  });
});

describe('SegmentJob.onHoldingsNews', () => {
  it('plans again on news only while k plus the surplus are not all in hand or asked for', async () => {
    const clock = new VirtualClock();
    // Its live share is both data shards, fetched from an origin that never answers.
    const { job, plans } = countingJob(clock, {
      config: resolveConfig({ surplusShards: 0 }),
      share: () => [0, 1],
      fetchOrigin: () => new Promise(() => undefined),
    });
    await job.run([]);
    await clock.advance(0);
    const afterRun = plans();
    job.onHoldingsNews(0);
    await clock.advance(0);
    expect(plans()).toBe(afterRun);
    job.replanSoon(0); // other news (peers joined or left) still plans
    await clock.advance(0);
    expect(plans()).toBe(afterRun + 1);
  });
});
