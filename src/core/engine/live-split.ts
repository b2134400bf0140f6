// Which data shards of a new live segment this viewer fetches from the origin for its swarm:
// the rank split among its neighbours (live-share.ts), or a split weighed by upload
// (weighted-share.ts); in a swarm much larger than the neighbourhood, with uploads to spare,
// designated fetchers (designated-share.ts) and a second wave of the neighbourhood split for
// what the mesh did not bring in time.

import type { ShoalConfig } from '../config.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import type { PeerSession } from '../swarm/peer-session.ts';
import type { Swarm } from '../swarm/swarm.ts';
import { canUpload, relayUplink } from '../swarm/uplink-sharing.ts';
import { designatedShare } from './designated-share.ts';
import { placeShare, type SplitPlace, splitPlace } from './live-share.ts';
import { ampleUplink, byId, sortedShare, splitWeights } from './weighted-share.ts';

/** What the split reads of the swarm. */
export type SplitSwarm = Pick<Swarm, 'readyPeers' | 'uploading' | 'advertisedUplink' | 'busyShare'>;

/**
 * Above this share of our requests refused 'busy', uploads around are scarce (busy-ratio.ts;
 * simulator: flash crowd 3 % at the 90th percentile of viewers, uploads at half the bitrate 73 %
 * at the 10th, a mixed population 24 % at the 10th).
 */
const DESIGNATED_MAX_BUSY = 0.15;

/** A neighbour gaining segments this close to ours watches the same rendition. */
const RECENT_SEGMENTS = 3;

interface ReadyPeers {
  peers: readonly PeerSession[];
  ids: string[];
  place: SplitPlace | null;
  /** Us (0) and our peers (1 + their place in `peers`), sorted by id: the weighed split's order. */
  order: number[];
  /** Whether each member in `order` is us. */
  mine: boolean[];
}

export class LiveSplit {
  /** Ready peers, their ids and our place among them, cached between peer changes (read on every plan). */
  private ready: ReadyPeers | null = null;

  constructor(
    private readonly config: ShoalConfig,
    private readonly selfId: string,
  ) {}

  /** Peers came or went: the next split lists them again. */
  peersChanged(): void {
    this.ready = null;
  }

  /** The data shards to fetch now, or null (not live, no split: each fetches for itself). */
  share(info: SegmentInfo, swarm: SplitSwarm, swarmSize: number, now: number): number[] | null {
    if (!this.config.liveOriginSplit || !info.live) return null;
    if (this.designated(swarm, swarmSize)) {
      const { k } = info.params;
      const population = this.renditionPopulation(info, swarm, swarmSize);
      return designatedShare(this.selfId, population, k, info.ref.sequence, this.config.liveFetchersPerShard);
    }
    return this.neighbourhoodShare(info, swarm, now);
  }

  /**
   * Where designated fetchers seed the swarm: the neighbourhood split, fetched shortly before
   * the origin fallback for the shards no neighbour holds by then (once per neighbourhood,
   * not once per viewer); null otherwise.
   */
  secondWaveShare(info: SegmentInfo, swarm: SplitSwarm, swarmSize: number, now: number): number[] | null {
    if (!this.config.liveOriginSplit || !info.live || this.config.liveSecondWaveLeadMs <= 0) return null;
    if (!this.designated(swarm, swarmSize)) return null;
    return this.neighbourhoodShare(info, swarm, now);
  }

  /**
   * Designated fetchers pay where they draw fewer copies than the neighbourhood split (one per
   * neighbourhood) and uploads around are ample: where peers refuse much as busy, a segment
   * cannot cross the mesh from a few seeds in time, and every neighbourhood needs its own.
   */
  private designated(swarm: SplitSwarm, swarmSize: number): boolean {
    const fetchers = this.config.liveFetchersPerShard;
    if (fetchers <= 0) return false;
    const neighbourhood = this.readyPeers(swarm).ids.length + 1;
    return swarmSize / neighbourhood > fetchers && swarm.busyShare() < DESIGNATED_MAX_BUSY;
  }

  /**
   * Viewers of this segment's rendition in the whole swarm, estimated from the share of our
   * neighbours gaining its recent segments: with several bitrates, designating 8 per shard out
   * of the whole swarm would leave each rendition only a few fetchers.
   */
  private renditionPopulation(info: SegmentInfo, swarm: SplitSwarm, swarmSize: number): number {
    const { peers } = this.readyPeers(swarm);
    let watching = 1; // us
    for (const peer of peers) {
      const progress = peer.progress.get(info.ref.rendition);
      if (progress && progress.sequence >= info.ref.sequence - RECENT_SEGMENTS) watching += 1;
    }
    return (swarmSize * watching) / (peers.length + 1);
  }

  /** The split among us and our ready peers: weighed, or by rank. */
  private neighbourhoodShare(info: SegmentInfo, swarm: SplitSwarm, now: number): number[] | null {
    const { k } = info.params;
    const sequence = info.ref.sequence;
    const ready = this.readyPeers(swarm);
    const weights = this.weights(info, swarm, ready.peers, now);
    if (weights) {
      if (weights.length < 2) return null;
      const sorted = ready.order.map((member) => weights[member]!);
      return sortedShare(sorted, ready.mine, k, sequence);
    }
    return ready.place ? placeShare(ready.place, k, sequence) : null;
  }

  private readyPeers(swarm: SplitSwarm): ReadyPeers {
    if (!this.ready) {
      const peers = swarm.readyPeers();
      const ids = peers.map((p) => p.id);
      const all = [this.selfId, ...ids];
      // A stable sort of the members' places: the same order as sorting the members themselves.
      const order = all.map((_, i) => i).sort((a, b) => byId(all[a]!, all[b]!));
      const mine = order.map((member) => all[member] === this.selfId);
      this.ready = { peers, ids, place: splitPlace(this.selfId, ids), order, mine };
    }
    return this.ready;
  }

  /**
   * The weights of us and our ready peers (us first): by the uplink rates told with
   * `liveSplitByUplink` (null: none told yet), else 0 for a viewer that does not upload and 1 for
   * the others (null when all upload: the rank split stands).
   */
  private weights(
    info: SegmentInfo,
    swarm: SplitSwarm,
    peers: readonly PeerSession[],
    now: number,
  ): number[] | null {
    if (!this.config.liveSplitByUplink) {
      if (swarm.uploading && peers.every(canUpload)) return null;
      return [swarm.uploading ? 1 : 0, ...peers.map((p) => (canUpload(p) ? 1 : 0))];
    }
    return splitWeights(
      [swarm.uploading ? swarm.advertisedUplink : 0, ...peers.map((p) => relayUplink(p, now))],
      ampleUplink(info.params.shardSize, peers.length),
    );
  }
}
