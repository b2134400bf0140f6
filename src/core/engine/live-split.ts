// Which data shards of a new live segment this viewer fetches from the origin for its swarm:
// the rank split among its neighbours (live-share.ts), designated fetchers in a swarm larger
// than the neighbourhood (designated-share.ts), or a split weighed by upload (weighted-share.ts).

import type { ShoalConfig } from '../config.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import { Capability } from '../protocol/messages.ts';
import type { PeerSession } from '../swarm/peer-session.ts';
import type { Swarm } from '../swarm/swarm.ts';
import { toldUplink } from '../swarm/uplink-sharing.ts';
import { designatedShare } from './designated-share.ts';
import { placeShare, type SplitPlace, splitPlace } from './live-share.ts';
import { ampleUplink, type SplitMember, splitMembers, weightedShare } from './weighted-share.ts';

const uploads = (p: PeerSession) => (p.capabilities & Capability.CAN_UPLOAD) !== 0;

export class LiveSplit {
  /** Ready peers, their ids and our place among them, cached between peer changes (read on every plan). */
  private ready: { peers: readonly PeerSession[]; ids: string[]; place: SplitPlace | null } | null = null;

  constructor(
    private readonly config: ShoalConfig,
    private readonly selfId: string,
  ) {}

  /** Peers came or went: the next split lists them again. */
  peersChanged(): void {
    this.ready = null;
  }

  /** The data shards to fetch now, or null (not live, no split: each fetches for itself). */
  share(info: SegmentInfo, swarm: Swarm, swarmSize: number, now: number): number[] | null {
    if (!this.config.liveOriginSplit || !info.live) return null;
    if (!this.ready) {
      const peers = swarm.readyPeers();
      const ids = peers.map((p) => p.id);
      this.ready = { peers, ids, place: splitPlace(this.selfId, ids) };
    }
    const { k } = info.params;
    const sequence = info.ref.sequence;
    const fetchers = this.config.liveFetchersPerShard;
    // Only a swarm larger than our neighbourhood needs fewer fetchers than the rank split gives.
    if (fetchers > 0 && swarmSize > this.ready.ids.length + 1)
      return designatedShare(this.selfId, swarmSize, k, sequence, fetchers);
    const members = this.members(info, swarm, this.ready.peers, now);
    if (members) return weightedShare(this.selfId, members, k, sequence);
    return this.ready.place ? placeShare(this.ready.place, k, sequence) : null;
  }

  /**
   * Us and our ready peers, weighed: by the uplink rates told with `liveSplitByUplink` (null:
   * none told yet), else 0 for a viewer that does not upload and 1 for the others (null when
   * all upload: the rank split stands).
   */
  private members(
    info: SegmentInfo,
    swarm: Swarm,
    peers: readonly PeerSession[],
    now: number,
  ): SplitMember[] | null {
    if (!this.config.liveSplitByUplink) {
      if (swarm.uploading && peers.every(uploads)) return null;
      const self = { id: this.selfId, weight: swarm.uploading ? 1 : 0 };
      return [self, ...peers.map((p) => ({ id: p.id, weight: uploads(p) ? 1 : 0 }))];
    }
    return splitMembers(
      { id: this.selfId, weight: swarm.uploading ? swarm.advertisedUplink : 0 },
      peers.map((p) => ({ id: p.id, weight: uploads(p) ? toldUplink(p, now) : 0 })),
      ampleUplink(info.params.shardSize, peers.length),
    );
  }
}
