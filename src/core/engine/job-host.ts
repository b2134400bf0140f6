// What a segment job asks of its engine (JobHost), answered from the engine's parts: the swarm
// for peers, the origin client, the shard keeper, the live split and the deadline forecast.

import type { ShoalConfig } from '../config.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import type { Emitter } from '../events.ts';
import type { Clock, Coder } from '../ports.ts';
import type { JobHost, ShardSource } from '../scheduler/segment-job.ts';
import type { PeerSession } from '../swarm/peer-session.ts';
import type { Swarm } from '../swarm/swarm.ts';
import type { DeadlineForecast } from './deadline-forecast.ts';
import type { LiveSplit } from './live-split.ts';
import type { OriginClient } from './origin-client.ts';
import { awaitingHoldings, expectPeersUntil } from './peer-expectation.ts';
import type { ShardKeeper } from './shard-keeper.ts';
import type { EngineEvents } from './types.ts';
import { segmentMatches, shardMatches, shardsMatch } from './verification.ts';

/** The engine's parts a job host reads; the functions read state that changes as it runs. */
export interface EngineParts {
  clock: Clock;
  coder: Coder;
  config: ShoalConfig;
  selfId: string;
  origin: OriginClient;
  keeper: ShardKeeper;
  liveSplit: LiveSplit;
  forecast: DeadlineForecast;
  events: Emitter<EngineEvents>;
  /** The swarm joined, if any. */
  swarm(): Swarm | null;
  p2pEnabled(): boolean;
  /** The whole swarm's size as the tracker counts it (0: unknown). */
  swarmSize(): number;
  /** When the swarm was joined. */
  joinedAt(): number;
}

export function engineJobHost(e: EngineParts): JobHost {
  const peerById = (id: string) =>
    e
      .swarm()
      ?.readyPeers()
      .find((p) => p.id === id);
  return {
    clock: e.clock,
    config: e.config,
    coder: e.coder,
    peers: () => (e.p2pEnabled() ? (e.swarm()?.readyPeers() ?? []) : []),
    requestFromPeer: (peer: PeerSession, info, indices, withinMs) =>
      e.swarm()!.request(peer, info.ref, indices, info.params.shardSize, withinMs),
    cancelPeer: (peerId, requestId, info, index) => {
      const peer = peerById(peerId);
      if (peer) e.swarm()!.cancel(peer, requestId, info.ref, index);
    },
    fetchOrigin: (info, range) => e.origin.segmentBytes(info, range),
    originTimeMs: (bytes) => e.origin.timeMs(bytes),
    verifyShard: (info, index, data) => shardMatches(e.coder, info, index, data),
    verifyShards: (info, shards) => shardsMatch(e.coder, info, shards),
    verifySegment: (info, data) => segmentMatches(e.coder, info, data),
    readLocal: (info, index) => e.keeper.readVerified(info, index),
    share: (info) => liveShare(e, info),
    secondWaveShare: (info) => {
      const swarm = e.swarm();
      return swarm ? e.liveSplit.secondWaveShare(info, swarm, e.swarmSize(), e.clock.now()) : null;
    },
    expectingPeersUntil: (info) => {
      const swarm = e.swarm();
      if (!swarm) return 0;
      return expectPeersUntil(info, swarm.readyPeers(), e.selfId, e.joinedAt(), e.clock.now());
    },
    predictedDeadline: (info) => e.forecast.predict(info.ref, e.clock.now()),
    banPeer: (peerId, reason) => {
      const peer = peerById(peerId);
      if (peer) e.swarm()!.ban(peer, reason);
    },
    onOriginPlan: (info, indices, reason) =>
      e.events.emit('origin-fetch', {
        sequence: info.ref.sequence,
        rendition: info.ref.rendition,
        indices,
        reason,
        peers: e.swarm()?.readyPeers().length ?? 0,
      }),
    onShard: (info, index, data, source: ShardSource) => {
      if (source.kind !== 'store') e.keeper.keep(info, index, data, source.kind === 'origin');
    },
  };
}

/** Live split: the data shards this viewer fetches from the origin for its swarm, or null. */
function liveShare(e: EngineParts, info: SegmentInfo): number[] | null {
  const swarm = e.swarm();
  if (!swarm) return null;
  const now = e.clock.now();
  const share = e.liveSplit.share(info, swarm, e.swarmSize(), now);
  // Empty, not null: the split stands, so the job waits for peers rather than the origin.
  if (share && share.length > 0 && awaitingHoldings(swarm.readyPeers(), e.joinedAt(), now)) return [];
  return share;
}
