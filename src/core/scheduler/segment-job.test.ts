import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import { readyPeer } from '../testing/ready-peer.ts';
import { VirtualClock } from '../testing/virtual-clock.ts';
import { type JobHost, SegmentJob } from './segment-job.ts';

/** A live segment of two data shards and one parity shard, 4 bytes each. */
const smallLiveSegment = {
  key: '0:1',
  ref: { rendition: 0, sequence: 1 },
  params: { k: 2, m: 1, shardSize: 4 },
  live: true,
} as unknown as SegmentInfo;

/** A job whose host counts plans (each replan asks for the peers once) and has no peers. */
function countingJob(
  clock: VirtualClock,
  over: Partial<JobHost> = {},
): { job: SegmentJob; plans: () => number } {
  let plans = 0;
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
  return { job: new SegmentJob(smallLiveSegment, host), plans: () => plans };
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

describe('SegmentJob.run', () => {
  it('a prefetch plans after the replans already queued this turn; a waited segment at once', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    const tracing = (name: string) =>
      countingJob(clock, {
        peers: () => {
          order.push(name);
          return [];
        },
      }).job;
    const waited = tracing('waited');
    await waited.run([]);
    order.length = 0;
    // News wakes the waited job (a queued replan), then starts a prefetch in the same turn.
    waited.replanSoon();
    const prefetch = tracing('prefetch');
    await prefetch.run([]);
    await clock.advance(0);
    expect(order).toEqual(['waited', 'prefetch']);
    const urgent = tracing('urgent');
    void urgent.wait(clock.now() + 4000);
    await urgent.run([]);
    expect(order.at(-1)).toBe('urgent');
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

describe('SegmentJob, shards from the origin', () => {
  // k = 4 shards of 4 bytes; the segment is 14 bytes, so the last data shard is padded.
  const segment = Uint8Array.from({ length: 14 }, (_, i) => i + 1);
  const info = {
    key: '0:1',
    ref: { rendition: 0, sequence: 1 },
    params: { k: 4, m: 2, shardSize: 4 },
    live: true,
    url: 'seg_1.ts',
    length: segment.length,
    byteRange: null,
  } as unknown as SegmentInfo;

  /** Shard 0 is in the store; the live share sends shards 1-3 to the origin as one Range. */
  function originJob(verdicts: (count: number) => boolean[]) {
    const calls = { batches: [] as number[][], segmentChecks: 0 };
    const host = {
      clock: new VirtualClock(),
      config: resolveConfig(),
      peers: () => [],
      originTimeMs: () => 10,
      share: () => [1, 2, 3],
      secondWaveShare: () => null,
      expectingPeersUntil: () => 0,
      readLocal: async (_: SegmentInfo, index: number) => (index === 0 ? segment.slice(0, 4) : undefined),
      fetchOrigin: async (_: SegmentInfo, range: { start: number; end: number }) => ({
        data: segment.slice(range.start, range.end + 1),
        timing: { requestStart: 0, firstByte: 0, loaded: 0 },
      }),
      verifyShard: () => Promise.reject(new Error('shards of one answer are checked together')),
      verifyShards: async (_: SegmentInfo, shards: { index: number }[]) => {
        calls.batches.push(shards.map((s) => s.index));
        return verdicts(shards.length);
      },
      verifySegment: async () => {
        calls.segmentChecks += 1;
        return true;
      },
      onShard: () => undefined,
    } as unknown as JobHost;
    return { job: new SegmentJob(info, host), calls, clock: host.clock as VirtualClock };
  }

  it('checks a Range answer of several shards in one trip, and a copied segment needs no second check', async () => {
    const { job, calls, clock } = originJob((n) => Array(n).fill(true));
    const { promise } = job.wait(5000);
    await job.run([0]);
    await clock.advance(0);
    const result = await promise;
    expect([...result.data]).toEqual([...segment]);
    expect(calls.batches).toEqual([[1, 2, 3]]);
    expect(calls.segmentChecks).toBe(0);
  });

  it('a bad shard in the answer fails the segment, and nothing of it is delivered', async () => {
    const { job, clock } = originJob(() => [true, false, true]);
    const { promise } = job.wait(5000);
    const outcome = promise.then(
      () => 'delivered',
      (error: Error) => error.message,
    );
    await job.run([0]);
    await clock.advance(0);
    expect(await outcome).toMatch(/shard 2 of seg_1\.ts do not match/);
  });
});

describe('SegmentJob, how long a peer request may take', () => {
  /** A prefetch of a segment one peer holds whole; returns the withinMs of its first request. */
  async function firstRequestWithin(predicted: number, deadline?: number): Promise<number> {
    const clock = new VirtualClock();
    await clock.advance(10_000);
    const peer = readyPeer('a', 0);
    peer.addShards(smallLiveSegment.ref, [0, 1, 2]);
    const asked: number[] = [];
    const host = {
      clock,
      config: resolveConfig({ originSafetyMs: 1000, peerRequestTimeoutMs: 2500 }),
      peers: () => [peer],
      originTimeMs: () => 100,
      share: () => null,
      secondWaveShare: () => null,
      expectingPeersUntil: () => 0,
      predictedDeadline: () => predicted,
      readLocal: async () => undefined,
      requestFromPeer: (_p: unknown, _i: unknown, _indices: number[], withinMs: number) => {
        asked.push(withinMs);
        return asked.length;
      },
      cancelPeer: () => undefined,
    } as unknown as JobHost;
    const job = new SegmentJob(smallLiveSegment, host);
    if (deadline !== undefined) job.wait(deadline);
    await job.run([]);
    await clock.advance(0);
    expect(asked.length).toBeGreaterThan(0);
    return asked[0]!;
  }

  it('a prefetch asks peers to be done by the fallback its forecast deadline implies', async () => {
    // Forecast 3.5 s ahead: fallback at 3500 - 1000 (safety) - 100 (origin) = 2400 ms; less transit.
    expect(await firstRequestWithin(13_500)).toBe(2400 - 250);
  });

  it('the peer timeout caps it, and stands without a forecast', async () => {
    expect(await firstRequestWithin(30_000)).toBe(2500 - 250);
    expect(await firstRequestWithin(Number.POSITIVE_INFINITY)).toBe(2500 - 250);
  });

  it('past its forecast fallback, a prefetch asks only for what peers can send at once', async () => {
    expect(await firstRequestWithin(10_500)).toBeLessThanOrEqual(0);
  });

  it('a segment the player waits for goes by its own deadline, not the forecast', async () => {
    expect(await firstRequestWithin(30_000, 13_000)).toBe(13_000 - 10_000 - 1000 - 100 - 250);
  });
});
