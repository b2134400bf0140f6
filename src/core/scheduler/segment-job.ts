// Assembling one segment: local shards first, then peers and the origin as the plan says,
// every shard verified before it counts; k verified shards rebuild the segment.

import type { ShoalConfig } from '../config.ts';
import { dataShardRange, type SegmentInfo } from '../content/segment-info.ts';
import type { ByteRange, Clock, Coder, OriginResponse, ShardData } from '../ports.ts';
import type { PeerSession } from '../swarm/peer-session.ts';
import { assembleSegment, contiguousRuns } from './assemble.ts';
import { JobWaiters } from './job-waiters.ts';
import { PeerViews } from './peer-views.ts';
import { type Plan, type PlanInput, planSegment, refusalKey } from './plan.ts';

/** What a peer's promise to send a shard in time leaves for the trip to us. */
const TRANSIT_MS = 250;

export type ShardSource = { kind: 'store' } | { kind: 'origin' } | { kind: 'peer'; peerId: string };

export interface JobResult {
  data: Uint8Array;
  /** Clock times: first request sent, first shard in, segment ready. */
  timing: { start: number; first: number; end: number };
  bytesFromOrigin: number;
  bytesFromPeers: number;
  sources: Map<number, ShardSource>;
  rejected: Array<{ index: number; peerId: string }>;
  /** True when parity shards were needed to rebuild it. */
  rebuilt: boolean;
}

/** What a job needs from the engine. */
export interface JobHost {
  readonly clock: Clock;
  readonly config: ShoalConfig;
  readonly coder: Coder;
  peers(): readonly PeerSession[];
  /** `withinMs`: when the job gives up on these shards (the peer may refuse at once). */
  requestFromPeer(peer: PeerSession, info: SegmentInfo, indices: number[], withinMs: number): number;
  cancelPeer(peerId: string, requestId: number, info: SegmentInfo, index: number): void;
  fetchOrigin(info: SegmentInfo, range: ByteRange | null): Promise<OriginResponse>;
  originTimeMs(bytes: number): number;
  verifyShard(info: SegmentInfo, index: number, data: Uint8Array): Promise<boolean>;
  /** Several shards of one segment at once (one trip to the worker). */
  verifyShards(info: SegmentInfo, shards: readonly ShardData[]): Promise<boolean[]>;
  verifySegment(info: SegmentInfo, data: Uint8Array): Promise<boolean>;
  readLocal(info: SegmentInfo, index: number): Promise<Uint8Array | undefined>;
  /** Data shards this viewer fetches from the origin for the swarm now (live split), or null. */
  share(info: SegmentInfo): number[] | null;
  /** Live second wave: data shards to fetch shortly before the fallback if no peer holds them. */
  secondWaveShare(info: SegmentInfo): number[] | null;
  banPeer(peerId: string, reason: string): void;
  /** Until when peers are expected to offer this segment (0: not expected). */
  expectingPeersUntil(info: SegmentInfo): number;
  /** When the player will likely ask for a segment it has not asked for yet (Infinity: unknown). */
  predictedDeadline?(info: SegmentInfo): number;
  /** The plan sends these data shards to the origin (for figures and the UI). */
  onOriginPlan?(info: SegmentInfo, indices: readonly number[], reason: string): void;
  /** A verified shard arrived (to store and announce). */
  onShard(info: SegmentInfo, index: number, data: Uint8Array, source: ShardSource): void;
}

export class SegmentJob {
  readonly have = new Map<number, Uint8Array>();
  readonly sources = new Map<number, ShardSource>();
  readonly rejected: Array<{ index: number; peerId: string }> = [];
  private readonly pendingPeers = new Map<number, { peerId: string; requestId: number; sentAt: number }>();
  private readonly pendingOrigin = new Set<number>();
  private readonly refused = new Set<string>();
  private readonly views = new PeerViews();
  private timer: (() => void) | null = null;
  private started = false;
  private finished = false;
  private start = 0;
  /** When the first byte was asked for (peer or origin): the transfer's start in the stats. */
  private firstAsk = 0;
  private first = 0;
  private bytesFromOrigin = 0;
  private bytesFromPeers = 0;
  private readonly waiters = new JobWaiters<JobResult>();
  private result: JobResult | null = null;
  private settle!: { resolve: (r: JobResult) => void; reject: (e: unknown) => void };
  /** Resolves when the segment is complete, rejects when the job is abandoned. */
  readonly settled: Promise<JobResult>;

  constructor(
    readonly info: SegmentInfo,
    private readonly host: JobHost,
  ) {
    this.settled = new Promise<JobResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.settled.catch(() => undefined);
  }

  get done(): boolean {
    return this.finished;
  }

  /** True while the player waits for it (it has a deadline); prefetches have none. */
  get wanted(): boolean {
    return Number.isFinite(this.waiters.deadline);
  }

  /** Waits for the segment by `deadline`; `withdraw` stops waiting (the player aborted). */
  wait(deadline: number): { promise: Promise<JobResult>; withdraw: () => void } {
    if (this.result) return { promise: Promise.resolve(this.result), withdraw: () => undefined };
    // Withdrawn, and with no other player waiting, the job goes on from peers only.
    const waiting = this.waiters.add(deadline);
    if (this.started) this.replan();
    return waiting;
  }

  /** Loads what the store holds, then plans. */
  async run(localIndices: readonly number[]): Promise<void> {
    this.start = this.host.clock.now();
    await this.readStore(localIndices);
    this.started = true;
    if (this.have.size >= this.info.params.k) return this.complete();
    // A prefetch plans after the replans already queued this turn: news that starts one (a
    // peer's holdings) also wakes the jobs the player waits for, and their requests should
    // reach a peer's uplink first (bench:swarm traces: a joiner's urgent segment refused
    // 'busy' behind a prefetch planned a microtask earlier).
    if (this.wanted) this.replan();
    else this.replanSoon();
  }

  /** The store turned out to hold shards of this segment (restored after a reload). */
  async offerStored(indices: readonly number[]): Promise<void> {
    if (this.finished || !this.started) return;
    await this.readStore(indices);
    if (this.have.size >= this.info.params.k) await this.complete();
    else this.replanSoon();
  }

  private async readStore(indices: readonly number[]): Promise<void> {
    for (const index of indices) {
      if (this.have.size >= this.info.params.k || this.finished) break;
      if (this.have.has(index)) continue;
      const data = await this.host.readLocal(this.info, index);
      if (data && !this.have.has(index) && !this.finished) {
        this.have.set(index, data);
        this.sources.set(index, { kind: 'store' });
      }
    }
  }

  /** A shard answering our request arrived from a peer. */
  async onPeerShard(peerId: string, index: number, data: Uint8Array): Promise<void> {
    if (this.finished || this.have.has(index)) {
      this.clearPending(index, peerId);
      return;
    }
    // The request stays pending while the shard is verified, so no re-plan asks for it again.
    const valid = await this.host.verifyShard(this.info, index, data);
    this.clearPending(index, peerId);
    if (this.finished || this.have.has(index)) return;
    if (!valid) {
      this.rejected.push({ index, peerId });
      this.refused.add(refusalKey(peerId, index));
      this.host.banPeer(peerId, `shard ${index} of segment ${this.info.ref.sequence} failed verification`);
      this.replan();
      return;
    }
    this.bytesFromPeers += data.length;
    this.accept(index, data, { kind: 'peer', peerId });
  }

  private clearPending(index: number, peerId: string): void {
    if (this.pendingPeers.get(index)?.peerId === peerId) this.pendingPeers.delete(index);
  }

  /** A peer will not send these shards. */
  onPeerAbsent(peerId: string, indices: readonly number[]): void {
    for (const index of indices) {
      if (this.pendingPeers.get(index)?.peerId === peerId) this.pendingPeers.delete(index);
      this.refused.add(refusalKey(peerId, index));
    }
    this.replan();
  }

  private replanQueued = false;
  private readonly originTimeMs = (bytes: number) => this.host.originTimeMs(bytes);

  /** Peers joined, left or announced shards: plan again once this turn's (or `delayMs`'s) news is in. */
  replanSoon(delayMs = 0): void {
    if (this.replanQueued || this.finished) return;
    this.replanQueued = true;
    this.host.clock.setTimer(delayMs, () => {
      this.replanQueued = false;
      this.replan();
    });
  }

  /** Makes the plan again now. */
  replan(): void {
    if (this.finished || !this.started) return;
    this.timer?.();
    this.timer = null;
    const now = this.host.clock.now();
    const peers = this.host.peers();
    const plan = planSegment({
      now,
      deadline: this.waiters.deadline,
      k: this.info.params.k,
      m: this.info.params.m,
      shardSize: this.info.params.shardSize,
      have: this.have,
      pendingPeers: this.pendingPeers,
      pendingOrigin: this.pendingOrigin,
      refused: this.refused,
      peers: this.views.of(peers, this.info.ref, this.host.config.maxRequestsPerPeer),
      originTimeMs: this.originTimeMs,
      safetyMs: this.host.config.originSafetyMs,
      surplus: this.host.config.surplusShards,
      peerTimeoutMs: this.host.config.peerRequestTimeoutMs,
      share: this.host.share(this.info),
      secondWaveShare: this.secondWave(),
      expectPeersUntil: this.host.expectingPeersUntil(this.info),
      forecastDeadline: this.wanted
        ? Number.POSITIVE_INFINITY
        : (this.host.predictedDeadline?.(this.info) ?? Number.POSITIVE_INFINITY),
    });
    this.execute(plan, peers);
    if (Number.isFinite(plan.wakeAt))
      this.timer = this.host.clock.setTimer(Math.max(plan.wakeAt - now, 5), () => this.replan());
  }

  private secondWave(): PlanInput['secondWaveShare'] {
    const indices = this.host.secondWaveShare(this.info);
    return indices && indices.length > 0 ? { indices, leadMs: this.host.config.liveSecondWaveLeadMs } : null;
  }

  /** Stops everything; waiters are rejected with `reason`. */
  abandon(reason: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.timer?.();
    this.cancelPeerRequests();
    this.waiters.rejectAll(reason);
    this.settle.reject(reason);
  }

  private execute(plan: Plan, peers: readonly PeerSession[]): void {
    for (const index of plan.cancel) {
      const p = this.pendingPeers.get(index);
      if (!p) continue;
      this.pendingPeers.delete(index);
      this.refused.add(refusalKey(p.peerId, index));
      this.host.cancelPeer(p.peerId, p.requestId, this.info, index);
    }
    const now = this.host.clock.now();
    if (this.firstAsk === 0 && (plan.requests.length > 0 || plan.origin.length > 0)) this.firstAsk = now;
    // Given up at the origin fallback, or as a straggler (never before peerRequestTimeoutMs); the
    // shard must also cross the network and our downlink, which may be busy with origin bytes.
    const withinMs = Math.min(plan.peersUntil - now, this.host.config.peerRequestTimeoutMs) - TRANSIT_MS;
    for (const { peerId, indices } of plan.requests) {
      const peer = peers.find((p) => p.id === peerId);
      if (!peer) continue;
      const requestId = this.host.requestFromPeer(peer, this.info, indices, withinMs);
      for (const index of indices) this.pendingPeers.set(index, { peerId, requestId, sentAt: now });
    }
    if (plan.origin.length > 0) {
      this.host.onOriginPlan?.(this.info, plan.origin, plan.originReason ?? 'deadline');
      void this.fetchFromOrigin(plan.origin);
    }
  }

  private async fetchFromOrigin(indices: number[]): Promise<void> {
    for (const index of indices) this.pendingOrigin.add(index);
    const runs = contiguousRuns(indices);
    const { k } = this.info.params;
    await Promise.all(
      runs.map(async ([first, last]) => {
        const whole = first === 0 && last === k - 1 && this.info.byteRange === null;
        try {
          const response = await this.host.fetchOrigin(
            this.info,
            whole ? null : dataShardRange(this.info, first, last),
          );
          this.bytesFromOrigin += response.data.length;
          if (whole && response.data.length === this.info.length) await this.deliverWhole(response.data);
          else await this.acceptOriginBytes(first, last, response.data);
        } catch (error) {
          for (let i = first; i <= last; i++) this.pendingOrigin.delete(i);
          if (this.wanted) this.abandon(error);
        }
      }),
    );
  }

  /**
   * The whole segment came from the origin: the player gets it at once, as it would without
   * Shoal; the swarm gets its shards only once the segment hash proves them.
   */
  private async deliverWhole(segment: Uint8Array): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.timer?.();
    this.cancelPeerRequests();
    const now = this.host.clock.now();
    const sources = new Map<number, ShardSource>();
    for (let i = 0; i < this.info.params.k; i++) sources.set(i, { kind: 'origin' });
    this.result = {
      data: segment,
      timing: { start: this.firstAsk || this.start, first: this.first || now, end: now },
      bytesFromOrigin: this.bytesFromOrigin,
      bytesFromPeers: this.bytesFromPeers,
      sources,
      rejected: this.rejected,
      rebuilt: false,
    };
    this.waiters.resolveAll(this.result);
    if (!(await this.host.verifySegment(this.info, segment))) {
      this.settle.reject(new Error(`origin bytes of ${this.info.url} do not match the manifest: not shared`));
      return;
    }
    const s = this.info.params.shardSize;
    for (let i = 0; i < this.info.params.k; i++) {
      const shard = new Uint8Array(s);
      shard.set(segment.subarray(i * s, Math.min((i + 1) * s, segment.length)));
      this.have.set(i, shard);
      this.host.onShard(this.info, i, shard, { kind: 'origin' });
    }
    this.settle.resolve(this.result);
  }

  private cancelPeerRequests(): void {
    for (const [index, p] of this.pendingPeers) this.host.cancelPeer(p.peerId, p.requestId, this.info, index);
    this.pendingPeers.clear();
  }

  private async acceptOriginBytes(first: number, last: number, bytes: Uint8Array): Promise<void> {
    const s = this.info.params.shardSize;
    const shards: ShardData[] = [];
    for (let index = first; index <= last; index++) {
      if (this.have.has(index)) continue;
      const shard = new Uint8Array(s); // zero padding for the last data shard
      shard.set(bytes.subarray((index - first) * s, (index - first + 1) * s));
      shards.push({ index, data: shard });
    }
    // One check for the whole answer. Its shards stay pending meanwhile, so no re-plan fetches
    // them again.
    const valid = this.finished ? [] : await this.host.verifyShards(this.info, shards);
    for (let index = first; index <= last; index++) this.pendingOrigin.delete(index);
    for (const [i, { index, data }] of shards.entries()) {
      if (this.finished || this.have.has(index)) continue;
      if (!valid[i]) {
        this.abandon(
          new Error(`origin bytes of shard ${index} of ${this.info.url} do not match the manifest`),
        );
        return;
      }
      this.accept(index, data, { kind: 'origin' });
    }
  }

  private accept(index: number, data: Uint8Array, source: ShardSource): void {
    if (this.finished || this.have.has(index)) return;
    if (this.first === 0) this.first = this.host.clock.now();
    this.have.set(index, data);
    this.sources.set(index, source);
    this.host.onShard(this.info, index, data, source);
    // An awaited shard in leaves the need as it was (one more had, one fewer pending): nothing to
    // plan until the last plan's timer (fallback, stragglers) or news of peers.
    if (this.have.size >= this.info.params.k) void this.complete();
  }

  /**
   * True when k plus the surplus are in hand or asked for: news of peers' holdings or of a shard's
   * arrival leaves nothing new to plan, and the last plan's timer (fallback, stragglers) stands.
   */
  private get covered(): boolean {
    const asked = this.have.size + this.pendingPeers.size + this.pendingOrigin.size;
    return asked >= this.info.params.k + this.host.config.surplusShards;
  }

  /** Peers announced shards of this segment. */
  onHoldingsNews(delayMs: number): void {
    if (!this.covered) this.replanSoon(delayMs);
  }

  private async complete(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.timer?.();
    this.cancelPeerRequests();
    try {
      const { data, rebuilt } = await assembleSegment(this.info, this.have, this.host.coder);
      // Every shard in hand passed its own hash, so k data shards make the segment as it is;
      // only a rebuild (the decoder's work) is checked against the segment's hash.
      if (rebuilt && !(await this.host.verifySegment(this.info, data)))
        throw new Error(`rebuilt segment ${this.info.url} does not match its manifest hash`);
      const now = this.host.clock.now();
      this.result = {
        data,
        timing: { start: this.firstAsk || this.start, first: this.first || now, end: now },
        bytesFromOrigin: this.bytesFromOrigin,
        bytesFromPeers: this.bytesFromPeers,
        sources: this.sources,
        rejected: this.rejected,
        rebuilt,
      };
      this.waiters.resolveAll(this.result);
      this.settle.resolve(this.result);
    } catch (error) {
      this.waiters.rejectAll(error);
      this.settle.reject(error);
    }
  }

  /** The result, once complete. */
  get outcome(): JobResult | null {
    return this.result;
  }
}
