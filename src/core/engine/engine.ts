// The engine: finds each segment the player asks for in the swarm, the store or the origin,
// verified, before its deadline; keeps what it got to serve others.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ShoalConfig } from '../config.ts';
import { ContentCatalog, type RenditionState, type ResolveUrl } from '../content/catalog.ts';
import { type SegmentInfo, segmentKey } from '../content/segment-info.ts';
import { Emitter } from '../events.ts';
import type { Clock, Coder, NetworkStatus, Origin, PeerNetwork, ShardStore } from '../ports.ts';
import type { SegmentRef } from '../protocol/messages.ts';
import { type JobHost, type JobResult, SegmentJob } from '../scheduler/segment-job.ts';
import { Swarm } from '../swarm/swarm.ts';
import { relayUplink } from '../swarm/uplink-sharing.ts';
import { DeadlineForecast } from './deadline-forecast.ts';
import { engineJobHost } from './job-host.ts';
import { LiveSplit } from './live-split.ts';
import type { ManifestCache } from './manifest-cache.ts';
import { ManifestLoader } from './manifest-loader.ts';
import { OriginClient } from './origin-client.ts';
import { peerBudget } from './peer-budget.ts';
import { ShardKeeper } from './shard-keeper.ts';
import { EngineCounters, outcome, peerStats } from './stats.ts';
import { reportSwarm } from './swarm-reporting.ts';
import { trustablePlaylist, trustedSegment } from './trusted-content.ts';
import type { EngineEvents, EngineStats, SegmentLoad, SegmentRequest } from './types.ts';

export interface EnginePorts {
  clock: Clock;
  origin: Origin;
  coder: Coder;
  store: ShardStore;
  /** Null when P2P is off: the engine then only verifies and caches origin bytes. */
  network: PeerNetwork | null;
  resolveUrl: ResolveUrl;
  /** This viewer's id in the swarm (random per page load). */
  selfId: string;
  /** Parsed manifests shared with other engines of this process (the simulator's); default: its own. */
  manifestCache?: ManifestCache;
}

/** How long a segment request waits for its playlist's manifest refresh in flight. */
const MANIFEST_WAIT_MS = 1000;

const PREFETCH_EXPIRED = new Error('prefetch expired');

/** Finished jobs are kept this long so a late request is served from memory. */
const JOB_LINGER_MS = 30_000;

export class Engine {
  readonly events: Emitter<EngineEvents>;
  private readonly catalog: ContentCatalog;
  private readonly manifests: ManifestLoader;
  private readonly keeper: ShardKeeper;
  private readonly jobs = new Map<string, SegmentJob>();
  private readonly forecast = new DeadlineForecast();
  private readonly counters = new EngineCounters();
  private readonly origin: OriginClient;
  private swarm: Swarm | null = null;
  private contentId: string | null = null;
  private joinedAt = 0;
  private readonly liveSplit: LiveSplit;
  private p2pReason: string | null;
  private network: NetworkStatus | null = null;
  /** The whole swarm's size as the tracker counts it (0: unknown). */
  private swarmSize = 0;
  /** The most peers the swarm and the network take now (peer-budget.ts). */
  private peerLimit: number;
  private activeRendition = -1;
  private lastRequested = -1;
  private readonly refreshing = new Set<string>();
  private readonly playlistUpdates = new Map<string, Promise<void>>();
  private readonly host: JobHost;

  constructor(
    readonly config: ShoalConfig,
    private readonly ports: EnginePorts,
  ) {
    this.events = new Emitter((error) => this.reportError('listener', error));
    this.catalog = new ContentCatalog(ports.resolveUrl);
    this.manifests = new ManifestLoader(
      ports.origin,
      this.catalog,
      ports.resolveUrl,
      ports.clock,
      ports.manifestCache,
    );
    this.p2pReason = config.p2p ? null : 'P2P is turned off';
    this.liveSplit = new LiveSplit(config, ports.selfId);
    this.peerLimit = config.maxPeers;
    this.origin = new OriginClient(ports.origin, (bytes) => {
      this.counters.originBytes(bytes);
      this.events.emit('bytes', { via: 'origin', bytes, peerId: null });
    });
    this.keeper = new ShardKeeper(
      ports.store,
      ports.coder,
      this.catalog,
      (ref, indices, prompt) => this.swarm?.announce(ref, indices, prompt),
      (kind, error) => this.reportError(kind, error),
      (refs) => {
        for (const ref of refs)
          void this.jobs.get(segmentKey(ref))?.offerStored(this.keeper.holdings.indices(ref));
      },
    );
    this.host = engineJobHost({
      clock: ports.clock,
      coder: ports.coder,
      config,
      selfId: ports.selfId,
      origin: this.origin,
      keeper: this.keeper,
      liveSplit: this.liveSplit,
      forecast: this.forecast,
      events: this.events,
      swarm: () => this.swarm,
      p2pEnabled: () => this.p2pEnabled,
      swarmSize: () => this.swarmSize,
      joinedAt: () => this.joinedAt,
    });
  }

  get p2pEnabled(): boolean {
    return this.p2pReason === null && this.ports.network !== null;
  }

  /** The player starts loading a playlist: its manifest can be fetched at the same time. */
  expectPlaylist(playlistUrl: string): void {
    if (!this.config.p2p) return;
    this.manifests.prefetch(playlistUrl);
    // Meanwhile the network gets ready to announce: peers are found as soon as the swarm is known.
    if (this.p2pEnabled && !this.swarm) this.ports.network?.prepare?.(this.ports.selfId);
  }

  /** Every playlist the player loads passes here: manifests are fetched and the swarm joined. */
  onPlaylist(playlistUrl: string, text: string): Promise<void> {
    const update = this.applyPlaylist(playlistUrl, text).finally(() => {
      if (this.playlistUpdates.get(playlistUrl) === update) this.playlistUpdates.delete(playlistUrl);
    });
    this.playlistUpdates.set(playlistUrl, update);
    return update;
  }

  private async applyPlaylist(playlistUrl: string, text: string): Promise<void> {
    const result = await this.manifests.onPlaylist(playlistUrl, text);
    if (result.kind === 'master') return;
    if (result.kind === 'unavailable') {
      if (this.trustPlaylist(playlistUrl, text)) return;
      if (!this.catalog.forPlaylist(playlistUrl)) this.setP2pState(result.reason);
      return;
    }
    if (!result.fresh) return;
    if (this.config.p2p && this.p2pReason !== null && this.ports.network) this.setP2pState(null);
    this.joinContent(result.state.manifest.contentId);
    this.keeper.restore(result.state.manifest.contentId);
    for (const job of this.jobs.values()) job.replanSoon();
    this.forgetOldSegments(result.state);
  }

  /** Live: segments that slid out of the manifest are withdrawn, ours and what peers said of theirs. */
  private forgetOldSegments(state: RenditionState): void {
    const first = state.manifest.segments[0]?.sequence;
    if (state.manifest.complete || first === undefined) return;
    const dropped = this.keeper.forgetBefore(state.manifest.contentId, state.renditionNo, first);
    for (const ref of dropped) this.swarm?.withdraw(ref);
    for (const peer of this.swarm?.readyPeers() ?? []) peer.forgetBefore(state.renditionNo, first);
  }

  /**
   * Delivers a segment, or returns null when Shoal cannot serve it (unknown to the manifest):
   * the caller then loads it as it would without Shoal.
   */
  async loadSegment(
    request: SegmentRequest,
    abort?: (cancel: () => void) => void,
  ): Promise<SegmentLoad | null> {
    let info = this.catalog.lookup(request.playlistUrl, request.sequence, request.uri);
    // A playlist names new segments a moment before their manifest arrives: wait for it while
    // the deadline allows; a segment needed now (startup) goes to hls.js's own loader instead.
    const update = this.playlistUpdates.get(request.playlistUrl);
    const wait = Math.min(MANIFEST_WAIT_MS, request.deadlineMs - this.config.originSafetyMs);
    if (!info && update && wait > 0) {
      await Promise.race([
        update,
        new Promise((resolve) => this.ports.clock.setTimer(wait, () => resolve(null))),
      ]);
      info = this.catalog.lookup(request.playlistUrl, request.sequence, request.uri);
    }
    info ??= await trustedSegment(this.catalog, this.ports.origin, this.ports.resolveUrl, request);
    if (!info) return null;
    this.activeRendition = info.ref.rendition;
    this.lastRequested = info.ref.sequence;
    const job = this.ensureJob(info);
    const now = this.ports.clock.now();
    const deadlineAt = now + Math.max(request.deadlineMs, 0);
    this.forecast.observe(info.ref, deadlineAt, now);
    const { promise, withdraw } = job.wait(deadlineAt);
    abort?.(withdraw);
    this.prefetchAfter(info);
    const result = await promise;
    return {
      data: result.data,
      timing: result.timing,
      bytesFromOrigin: result.bytesFromOrigin,
      bytesFromPeers: result.bytesFromPeers,
    };
  }

  /** `trustPeers`: a playlist without a manifest is shared on trust (see trusted-content.ts). */
  private trustPlaylist(playlistUrl: string, text: string): boolean {
    const trustable = this.config.trustPeers && this.ports.origin.contentLength && trustablePlaylist(text);
    if (!trustable) return false;
    const state = this.catalog.trust(playlistUrl, trustable.live);
    if (this.config.p2p && this.p2pReason !== null && this.ports.network) this.setP2pState(null);
    this.joinContent(state.manifest.contentId);
    this.keeper.restore(state.manifest.contentId);
    return true;
  }

  /** Bytes the player loaded without Shoal (init segments, unknown segments), for the figures. */
  recordPassThrough(bytes: number): void {
    this.counters.passThrough(bytes);
    this.events.emit('bytes', { via: 'pass-through', bytes, peerId: null });
    this.swarm?.shareTotals(this.counters.deliveryTotals());
  }

  /** Metered connection or user choice: stop uploading (downloads continue). */
  setUploading(enabled: boolean): void {
    this.swarm?.setUploadEnabled(enabled);
  }

  stats(): EngineStats {
    const now = this.ports.clock.now();
    const uploading = this.swarm?.uploading ?? false;
    return this.counters.snapshot({
      p2p: {
        enabled: this.p2pEnabled,
        reason: this.p2pReason,
        uploading,
        uplink: this.swarm?.advertisedUplink ?? null,
      },
      swarmId: this.swarm?.swarmId ?? null,
      network: this.network,
      peers: (this.swarm?.readyPeers() ?? []).map((p) => peerStats(p, now, uploading)),
      swarmSize: this.swarmSize > 0 ? this.swarmSize : null,
    });
  }

  destroy(): void {
    for (const job of this.jobs.values()) job.abandon(new Error('Shoal was destroyed'));
    this.jobs.clear();
    this.swarm?.close();
    this.ports.network?.leave();
    this.ports.coder.close();
    this.events.clear();
  }

  private setP2pState(reason: string | null): void {
    if (this.p2pReason === reason) return;
    this.p2pReason = reason;
    // Without a swarm to join, a network prepared in advance stands down.
    if (reason !== null && !this.swarm) this.ports.network?.leave();
    this.events.emit('p2p-state', { enabled: reason === null, reason });
  }

  private joinContent(contentId: string): void {
    if (this.contentId === contentId || !this.p2pEnabled) return;
    this.swarm?.close();
    this.contentId = contentId;
    this.joinedAt = this.ports.clock.now();
    const swarmId = bytesToHex(sha256(utf8ToBytes(`shoal:${contentId}`))).slice(0, 40);
    const swarm = new Swarm(
      swarmId,
      this.ports.selfId,
      this.config,
      this.ports.clock,
      {
        localHoldings: () => this.keeper.holdings.toMessage(),
        readShard: (ref, index) => this.keeper.readForUpload(ref, index),
        params: (ref) => this.catalog.paramsOf(ref),
      },
      (error) => this.reportError('listener', error),
    );
    this.swarm = swarm;
    this.peerLimit = this.config.maxPeers;
    this.ports.network?.setPeerLimit?.(this.peerLimit);
    this.wireSwarm(swarm);
    const network = this.ports.network!;
    network.onLink = (link) => swarm.addLink(link);
    network.onSwarmSize = (viewers) => {
      this.swarmSize = viewers;
    };
    network.onStatus = (status) => {
      this.network = status;
      this.events.emit('network', status);
    };
    // Meet peers at once, while the first segment comes from the origin: a joiner's next
    // segments, due within seconds, then come from peers (measured: bench:swarm, live x6).
    // (In a page the network may be held until playback starts: see held-network.ts.)
    network.join(swarmId, this.ports.selfId);
  }

  private wireSwarm(swarm: Swarm): void {
    reportSwarm(swarm, this.events, this.counters);
    const replanAll = () => {
      this.liveSplit.peersChanged();
      // Jobs the player waits for first: their requests then lead at the peers' uplinks.
      for (const job of this.jobs.values()) if (!job.done && job.wanted) job.replanSoon();
      for (const job of this.jobs.values()) if (!job.done) job.replanSoon();
    };
    swarm.events.on('peer-ready', replanAll);
    swarm.events.on('peer-gone', replanAll);
    swarm.events.on('holdings', ({ refs, first }) => {
      // A share held back for this peer's word (liveShare in job-host.ts) is planned again now.
      if (first) replanAll();
      this.onPeerHoldings(refs);
    });
    swarm.events.on('shard', ({ peer, ref, index, data }) => {
      void this.jobs.get(segmentKey(ref))?.onPeerShard(peer.id, index, data);
    });
    swarm.events.on('absent', ({ peer, ref, indices }) =>
      this.jobs.get(segmentKey(ref))?.onPeerAbsent(peer.id, indices),
    );
  }

  /** Peers announced shards: wake jobs, prefetch what is coming, learn of new live segments. */
  private onPeerHoldings(refs: SegmentRef[]): void {
    for (const ref of refs) {
      const job = this.jobs.get(segmentKey(ref));
      if (job) {
        job.onHoldingsNews(this.config.holdingsReplanDelayMs);
        continue;
      }
      if (ref.rendition !== this.activeRendition || ref.sequence <= this.lastRequested) continue;
      if (ref.sequence > this.lastRequested + this.config.prefetchSegments + 2) continue;
      const info = this.catalog.byRef(ref);
      if (info) this.ensureJob(info);
      else this.learnSegment(ref);
    }
  }

  /** A peer holds a segment our manifest does not list yet (live): fetch the manifest again. */
  private learnSegment(ref: SegmentRef): void {
    const state = this.catalog.forRendition(ref.rendition);
    if (!state || this.refreshing.has(state.playlistUrl)) return;
    this.refreshing.add(state.playlistUrl);
    void this.manifests.refreshKnown(state.playlistUrl).then(() => {
      this.refreshing.delete(state.playlistUrl);
      const info = this.catalog.byRef(ref);
      if (info && !this.jobs.has(info.key)) this.ensureJob(info);
    });
  }

  private prefetchAfter(info: SegmentInfo): void {
    if (!this.swarm) return;
    for (let ahead = 1; ahead <= this.config.prefetchSegments; ahead++) {
      const next = this.catalog.byRef({ rendition: info.ref.rendition, sequence: info.ref.sequence + ahead });
      if (!next || this.jobs.has(next.key)) continue;
      const peersHold = this.swarm
        .readyPeers()
        .reduce((n, p) => Math.max(n, p.heldIndices(next.ref).length), 0);
      if (peersHold >= next.params.k || (next.live && this.host.share(next) !== null)) this.ensureJob(next);
    }
  }

  private ensureJob(info: SegmentInfo): SegmentJob {
    let job = this.jobs.get(info.key);
    if (job) return job;
    job = new SegmentJob(info, this.host);
    this.jobs.set(info.key, job);
    const started = this.ports.clock.now();
    // A prefetch nobody asked for and the swarm never completed is let go.
    this.ports.clock.setTimer(JOB_LINGER_MS * 2, () => {
      if (this.jobs.get(info.key) === job && !job.done && !job.wanted) {
        job.abandon(PREFETCH_EXPIRED);
        this.jobs.delete(info.key);
      }
    });
    void job.run(this.keeper.holdings.indices(info.ref));
    void job.settled
      .then((result) => this.onJobDone(info, result, started))
      .catch((error) => {
        if (this.jobs.get(info.key) === job) this.jobs.delete(info.key);
        if (error !== PREFETCH_EXPIRED) this.reportError('segment', error);
      });
    return job;
  }

  private async onJobDone(info: SegmentInfo, result: JobResult, started: number): Promise<void> {
    this.counters.segment(result);
    this.swarm?.shareTotals(this.counters.deliveryTotals());
    this.reviewPeerLimit();
    this.events.emit('segment', outcome(info, result, this.ports.clock.now() - started));
    this.ports.clock.setTimer(JOB_LINGER_MS, () => {
      if (this.jobs.get(info.key)?.done) this.jobs.delete(info.key);
    });
    if (this.p2pEnabled) await this.keeper.completeParity(info, result.data);
  }

  /** Once a segment: a strong uplink among weak ones takes more peers (peer-budget.ts). */
  private reviewPeerLimit(): void {
    const swarm = this.swarm;
    if (!swarm) return;
    const now = this.ports.clock.now();
    const limit = peerBudget(
      this.config,
      swarm.uploading ? swarm.advertisedUplink : 0,
      swarm.readyPeers().map((p) => relayUplink(p, now)),
      this.peerLimit,
    );
    if (limit === this.peerLimit) return;
    this.peerLimit = limit;
    swarm.setPeerLimit(limit);
    this.ports.network?.setPeerLimit?.(limit);
  }

  private reportError(kind: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (kind !== 'listener') this.events.emit('error', { kind, message });
  }
}
