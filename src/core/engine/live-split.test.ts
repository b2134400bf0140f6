import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import { Capability } from '../protocol/messages.ts';
import { readyPeer } from '../testing/ready-peer.ts';
import { LiveSplit, type SplitSwarm } from './live-split.ts';

const K = 8;
const info = {
  live: true,
  ref: { rendition: 0, sequence: 40 },
  params: { k: K, m: 4, shardSize: 1000 },
} as SegmentInfo;
/** A neighbourhood of 13 viewers, each the ready peer of the 12 others. */
const ids = Array.from({ length: 13 }, (_, i) => `viewer-${i}`);

function swarm(busyShare: number, self = 'viewer-0'): SplitSwarm {
  const peers = ids.filter((id) => id !== self).map((id) => readyPeer(id, Capability.CAN_UPLOAD));
  return { readyPeers: () => peers, uploading: true, advertisedUplink: null, busyShare: () => busyShare };
}

const config = resolveConfig({ liveFetchersPerShard: 8, liveSecondWaveLeadMs: 1000 });
/** The data shards each of the 13 viewers of one neighbourhood fetches at once, summed. */
function fetchedAtOnce(swarmSize: number, busyShare: number, options = config): number {
  let total = 0;
  for (const id of ids)
    total += new LiveSplit(options, id).share(info, swarm(busyShare, id), swarmSize, 0)!.length;
  return total;
}

describe('LiveSplit', () => {
  it('splits one copy per neighbourhood while the swarm is not much larger than it', () => {
    // 100 viewers / 13 per neighbourhood = 7.7 copies by the split, fewer than 8 designated ones.
    expect(fetchedAtOnce(100, 0)).toBe(K);
    const split = new LiveSplit(config, 'viewer-0');
    expect(split.secondWaveShare(info, swarm(0), 100, 0)).toBeNull();
  });

  it('in a large swarm with uploads to spare, designates a few fetchers and keeps a second wave', () => {
    // 10,000 viewers: about 8 fetch each shard in the whole swarm, almost none of this neighbourhood.
    expect(fetchedAtOnce(10_000, 0.02)).toBeLessThanOrEqual(2);
    const split = new LiveSplit(config, 'viewer-0');
    expect(split.secondWaveShare(info, swarm(0.02), 10_000, 0)).toEqual(
      split.share(info, swarm(0.5), 10_000, 0),
    );
  });

  it('designates fetchers among the viewers of the rendition, not of the whole swarm', () => {
    /** Shards viewer-0 fetches over 2,000 segments when `watching` of its 12 peers play this rendition. */
    const fetched = (watching: number) => {
      const base = swarm(0);
      const peers = base.readyPeers();
      peers.forEach((p, i) => {
        if (i < watching) p.progress.set(0, { sequence: 10_000, at: 0 });
      });
      const split = new LiveSplit(config, 'viewer-0');
      let total = 0;
      for (let sequence = 8_000; sequence < 10_000; sequence++) {
        const segment = { ...info, ref: { rendition: 0, sequence } } as SegmentInfo;
        total += split.share(segment, { ...base, readyPeers: () => peers }, 3_000, 0)!.length;
      }
      return total;
    };
    // 8 of 3,000 per shard when all watch it; 8 of ~1,150 when a third of the neighbours do.
    const all = fetched(12);
    expect(all).toBeGreaterThan(20);
    expect(all).toBeLessThan(70);
    expect(fetched(4) / all).toBeGreaterThan(2);
  });

  it('keeps the neighbourhood split where peers refuse much as busy (scarce uploads)', () => {
    expect(fetchedAtOnce(10_000, 0.3)).toBe(K);
    expect(new LiveSplit(config, 'viewer-0').secondWaveShare(info, swarm(0.3), 10_000, 0)).toBeNull();
  });

  it('never designates with liveFetchersPerShard 0', () => {
    const split = new LiveSplit(resolveConfig({ liveFetchersPerShard: 0 }), 'viewer-0');
    expect(split.secondWaveShare(info, swarm(0), 10_000, 0)).toBeNull();
    expect(fetchedAtOnce(10_000, 0, resolveConfig({ liveFetchersPerShard: 0 }))).toBe(K);
  });
});
