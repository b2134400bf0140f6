// One simulated run: a scenario, a strategy, a seed. Real engines (src/core) on virtual
// links, a simulated tracker and a metered origin, all on one event clock.

import { createErasureCoder } from '../src/core/coding/index.ts';
import { resolveConfig, type ShoalConfig } from '../src/core/config.ts';
import { renditionNumber } from '../src/core/content/rendition-number.ts';
import { Engine } from '../src/core/engine/engine.ts';
import { ManifestCache } from '../src/core/engine/manifest-cache.ts';
import { MemoryShardStore } from '../src/core/storage/lru-store.ts';
import { resolveSimple } from '../src/core/testing/fake-origin.ts';
import { type OriginFiles, SimStream, type Strategy } from './content.ts';
import { EventClock } from './event-clock.ts';
import { DigestMemo, ModelledCoder } from './modelled-coder.ts';
import { makeNode, NetMeter, type NetNode } from './net.ts';
import { OriginMeter, SimOrigin } from './origin.ts';
import { ParityMemo } from './parity-memo.ts';
import { Player } from './player.ts';
import { Rng } from './rng.ts';
import { DEFAULT_SETUP_MS, type Scenario, type ViewerProfile } from './scenarios.ts';
import { Tracker } from './tracker.ts';

export interface WorldOptions {
  scenario: Scenario;
  strategy: Strategy;
  viewers: number;
  seed: number;
  durationMs: number;
  /** Real bytes stand for `scale` virtual bytes (content.ts). */
  scale: number;
  maxPeers: number;
  /** Engine options over the strategy's own (e.g. `holdingsReplanDelayMs`). */
  engine?: Partial<ShoalConfig>;
  /** Run only viewers whose index is `shard.index` mod `shard.count`: one sub-swarm of a larger run. */
  shard?: { index: number; count: number };
  /** Event batching (EventClock); default 1 ms. */
  quantumMs?: number;
  /** Called every `progressEveryMs` of virtual time. */
  onProgress?: (world: World) => void;
}

export interface ViewerRecord {
  profile: ViewerProfile;
  node: NetNode;
  engine: Engine;
  player: Player;
  /** Engine byte counters (real bytes), captured when the viewer leaves or at the end. */
  bytes: { origin: number; peers: number; upload: number } | null;
  left: boolean;
}

const ORIGIN = { latencyMs: 40, bytesPerMs: 50_000 / 8 }; // 50 Mbit/s per connection
/** Each viewer's shard store holds about this many segments (what it can serve from). */
const STORE_SEGMENTS = 60;

export class World {
  readonly clock: EventClock;
  readonly files: OriginFiles = new Map();
  readonly netMeter = new NetMeter();
  readonly originMeter = new OriginMeter();
  readonly tracker: Tracker | null;
  readonly viewers: ViewerRecord[] = [];
  readonly streams = new Map<number, SimStream>();
  peakRss = 0;
  /** Virtual bytes of data shards engines planned to take from the origin, by the plan's reason. */
  readonly originByReason: Record<string, number> = {};
  private nextId = 0;
  private readonly rng: Rng;
  /** Hashing is modelled: each distinct shard or segment is hashed once for all viewers. */
  readonly digests = new DigestMemo();
  /** Parity too: each distinct segment is encoded once for all viewers. */
  private readonly parity = new ParityMemo();
  /** Every viewer fetches the same manifest texts: each is parsed once for all of them. */
  private readonly manifestCache = new ManifestCache();

  private constructor(
    readonly options: WorldOptions,
    private readonly coder: Awaited<ReturnType<typeof createErasureCoder>>,
  ) {
    this.clock = new EventClock(options.quantumMs ?? 1);
    this.rng = new Rng(options.seed);
    this.tracker =
      options.strategy === 'cdn'
        ? null
        : new Tracker(this.clock, this.rng.fork(1), this.netMeter, {
            maxPeers: options.maxPeers,
            setupMs: options.scenario.setupMs ?? DEFAULT_SETUP_MS,
            announceEveryMs: 15_000,
            scale: options.scale,
          });
  }

  static async create(options: WorldOptions): Promise<World> {
    return new World(options, await createErasureCoder({ prefer: 'ts' }));
  }

  async run(): Promise<void> {
    const { scenario, viewers, durationMs } = this.options;
    if (scenario.live) this.startLiveSource();
    const shard = this.options.shard ?? { index: 0, count: 1 };
    for (let i = shard.index; i < viewers; i += shard.count) {
      // Each viewer's draws depend on the seed and its index only: strategies see the same swarm.
      const profile = scenario.profile(new Rng(this.options.seed * 7919 + i), i, viewers, durationMs);
      this.clock.setTimer(profile.joinAt, () => this.join(profile, i));
    }
    const step = 5_000;
    for (let t = step; t < durationMs + step; t += step) {
      await this.clock.runUntil(Math.min(t, durationMs));
      this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
      this.options.onProgress?.(this);
    }
    for (const v of this.viewers) if (!v.left) this.finish(v);
  }

  private startLiveSource(): void {
    const stream = this.stream(0);
    for (let i = 0; i < 6; i++) stream.publishNext();
    const tick = () => {
      stream.publishNext();
      this.clock.setTimer(stream.options.segmentMs, tick);
    };
    this.clock.setTimer(stream.options.segmentMs, tick);
  }

  stream(title: number): SimStream {
    let stream = this.streams.get(title);
    if (!stream) {
      const { scenario, strategy, scale } = this.options;
      stream = new SimStream(
        {
          contentId: `title-${title}`,
          bitrates: scenario.bitrates,
          segmentMs: scenario.segmentMs,
          live: scenario.live,
          count: scenario.live ? Number.POSITIVE_INFINITY : scenario.vodSegments,
          strategy,
          scale,
        },
        this.coder,
        this.files,
      );
      this.streams.set(title, stream);
    }
    return stream;
  }

  private join(profile: ViewerProfile, index: number): void {
    const { scale, strategy, scenario } = this.options;
    const id = `v${this.nextId++}`;
    const toRate = (bps: number) => bps / 8 / 1000; // virtual bytes per ms
    const node = makeNode(
      id,
      toRate(profile.upBps),
      toRate(profile.downBps),
      profile.latencyMs,
      profile.restricted,
    );
    const stream = this.stream(profile.title);
    const segmentSmall = Math.max(...stream.renditions.map((r) => r.smallShard * (r.k + r.m)));
    const origin = new SimOrigin(this.files, this.clock, node, this.originMeter, { ...ORIGIN, scale });
    const engine = new Engine(
      resolveConfig({ ...engineConfig(strategy, this.options.maxPeers), ...this.options.engine }),
      {
        clock: this.clock,
        origin,
        coder: new ModelledCoder(this.coder, this.digests, this.parity),
        store: new MemoryShardStore({ maxBytes: segmentSmall * STORE_SEGMENTS }),
        network: this.tracker ? this.tracker.network(node) : null,
        resolveUrl: resolveSimple,
        selfId: id,
        manifestCache: this.manifestCache,
      },
    );
    // The engine numbers renditions by a hash of their manifest name (content/rendition-number.ts).
    const shardBytes = new Map(
      stream.renditions.map((r) => [renditionNumber(`${r.name}/index.m3u8`), r.smallShard * scale]),
    );
    engine.events.on('origin-fetch', ({ rendition, indices, reason }) => {
      const bytes = indices.length * (shardBytes.get(rendition) ?? 0);
      this.originByReason[reason] = (this.originByReason[reason] ?? 0) + bytes;
    });
    const maxLevel = highestLevel(scenario.bitrates, profile.downBps);
    const player = new Player(engine, origin, stream, this.clock, new Rng(this.options.seed * 31 + index), {
      targetBufferMs: scenario.live ? 30_000 : 30_000,
      maxLevel,
      switchEveryMs: scenario.switchEveryMs,
    });
    const record: ViewerRecord = { profile, node, engine, player, bytes: null, left: false };
    this.viewers.push(record);
    player.start();
    if (Number.isFinite(profile.leaveAt))
      this.clock.setTimer(profile.leaveAt - this.clock.now(), () => this.leave(record, index));
  }

  private leave(record: ViewerRecord, index: number): void {
    this.finish(record);
    record.engine.destroy();
    record.node.online = false;
    if (this.options.scenario.replaceLeavers) {
      const rng = new Rng(this.options.seed * 104729 + index * 31 + this.nextId);
      const fresh = this.options.scenario.profile(rng, index, this.options.viewers, this.options.durationMs);
      const now = this.clock.now();
      const profile = { ...fresh, joinAt: now, leaveAt: now + (fresh.leaveAt - fresh.joinAt) };
      this.join(profile, index + this.options.viewers * this.nextId);
    }
  }

  private finish(record: ViewerRecord): void {
    record.player.stop();
    const { bytes } = record.engine.stats();
    record.bytes = { origin: bytes.origin, peers: bytes.peers, upload: bytes.upload };
    record.left = true;
  }
}

export function engineConfig(strategy: Strategy, maxPeers: number): Partial<ShoalConfig> {
  if (strategy === 'cdn') return { p2p: false };
  if (strategy === 'whole') return { maxPeers, liveOriginSplit: false, strongUplinkMaxPeers: 0 };
  return { maxPeers };
}

/** The highest rendition whose bitrate fits in 70% of the downlink (ABR's usual margin). */
function highestLevel(bitrates: number[], downBps: number): number {
  let level = 0;
  for (let i = 0; i < bitrates.length; i++) if (bitrates[i]! <= 0.7 * downBps) level = i;
  return level;
}
