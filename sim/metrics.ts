// The figures of one run: origin egress against CDN-only and against the physical bound,
// P2P share, stalls, startup, upload used, and the signaling load.

import { DEFAULT_SETUP_MS } from './scenarios.ts';
import type { World } from './world.ts';

export interface RunSummary {
  scenario: string;
  strategy: string;
  viewers: number;
  /** Viewers that ever joined (churn replaces leavers). */
  sessions: number;
  simulatedS: number;
  /** Virtual bytes the players played: what a CDN-only deployment serves. */
  demandBytes: number;
  originBytes: number;
  /** originBytes / demandBytes. */
  originRatio: number;
  /** Origin egress by the plan's reason (share, deadline, peers-lack), / demandBytes. */
  originByReason: Record<string, number>;
  /** Least origin egress any strategy could reach, / demandBytes. */
  boundRatio: number;
  /**
   * The bound for strategies that start every viewer as soon as this run did, / demandBytes: a
   * viewer that started playing before a peer link could open took its first segment from the
   * origin, whatever the strategy (see startupFloor).
   */
  floorRatio: number;
  p2pShare: number;
  /** Stall time / watch time. */
  stallRatio: number;
  /** Share of sessions that stalled at least once. */
  stalledSessions: number;
  startupMedianMs: number;
  startupP95Ms: number;
  neverStarted: number;
  /** Mean upload per viewer while online, in bits per second, and as a share of its capacity. */
  uploadBps: number;
  uploadOfCapacity: number;
  /** Share of uploaded peer bytes that no engine counted as useful (late, cancelled, duplicate). */
  uploadWasted: number;
  tracker: { announcesPerS: number; relayedPerS: number; natFailures: number; connected: number };
  events: number;
  wallS: number;
  peakRssMB: number;
  invariants: { bytesConserved: boolean; earlyArrivals: number };
  /** Sums behind the ratios, so sub-swarms of one run can be merged (mergeSummaries). */
  raw: RawSums;
}

export interface RawSums {
  uniqueBytes: number;
  capacityBytes: number;
  peerBytes: number;
  uploadedBytes: number;
  onlineMs: number;
  stallMs: number;
  watchMs: number;
  stalled: number;
  announces: number;
  relayed: number;
  /** Startup times, ms, sorted. */
  startups: number[];
  /** First segments of viewers that started before a peer link could open (startupFloor). */
  forcedFirstBytes: number;
  /** Unique bytes of those first segments (a segment counted once however many started with it). */
  forcedFirstUniqueBytes: number;
}

/**
 * Least origin egress of a strategy that starts each viewer as soon as this run did: the first
 * segments of viewers who started before any peer link could open (the scenario's least
 * connection setup time), each fetched by its own viewer, plus one copy of every other segment
 * played, and never less than the capacity bound (demand minus the swarm's upload capacity).
 */
export function startupFloor(sums: {
  demand: number;
  capacity: number;
  unique: number;
  forcedFirst: number;
  forcedFirstUnique: number;
}): number {
  const others = Math.max(0, sums.unique - sums.forcedFirstUnique);
  return Math.max(sums.forcedFirst + others, sums.demand - sums.capacity);
}

export function summarize(world: World, wallMs: number): RunSummary {
  const { scale, durationMs, scenario, strategy, viewers } = world.options;
  let demand = 0;
  let peers = 0;
  let stallMs = 0;
  let watchMs = 0;
  let stalled = 0;
  let never = 0;
  let uploaded = 0;
  let capacity = 0;
  let onlineMs = 0;
  const startups: number[] = [];
  const unique = new Map<string, number>();
  const forcedFirst = new Map<string, number>();
  let forcedFirstBytes = 0;
  const setupMinMs = (scenario.setupMs ?? DEFAULT_SETUP_MS)[0];
  for (const v of world.viewers) {
    const s = v.player.stats;
    demand += s.demandBytes;
    stallMs += s.stallMs;
    watchMs += s.watchMs;
    if (s.stalls > 0) stalled += 1;
    if (s.startupMs === null) never += 1;
    else startups.push(s.startupMs);
    peers += (v.bytes?.peers ?? 0) * scale;
    uploaded += v.node.bytesUp;
    const online = Math.min(v.profile.leaveAt, durationMs) - v.profile.joinAt;
    onlineMs += online;
    capacity += (v.profile.upBps / 8000) * online;
    const stream = world.streams.get(v.profile.title)!;
    for (const [rendition, seq] of v.player.loaded)
      unique.set(`${v.profile.title}/${rendition}/${seq}`, stream.renditions[rendition]!.segmentBytes);
    const first = v.player.loaded[0];
    if (first && s.startupMs !== null && s.startupMs < setupMinMs) {
      const bytes = stream.renditions[first[0]]!.segmentBytes;
      forcedFirstBytes += bytes;
      forcedFirst.set(`${v.profile.title}/${first[0]}/${first[1]}`, bytes);
    }
  }
  const forcedFirstUniqueBytes = [...forcedFirst.values()].reduce((a, b) => a + b, 0);
  const uniqueBytes = [...unique.values()].reduce((a, b) => a + b, 0);
  const bound = strategy === 'cdn' ? demand : Math.max(uniqueBytes, demand - capacity);
  const floor =
    strategy === 'cdn'
      ? demand
      : startupFloor({
          demand,
          capacity,
          unique: uniqueBytes,
          forcedFirst: forcedFirstBytes,
          forcedFirstUnique: forcedFirstUniqueBytes,
        });
  const origin = world.originMeter.segmentBytes;
  startups.sort((a, b) => a - b);
  const quantile = (q: number) =>
    startups[Math.min(startups.length - 1, Math.floor(q * startups.length))] ?? NaN;
  const t = world.tracker?.meter;
  const net = world.netMeter;
  const inFlight = net.bytesSent - net.bytesDelivered - net.bytesLost;
  return {
    scenario: scenario.name,
    strategy,
    viewers,
    sessions: world.viewers.length,
    simulatedS: durationMs / 1000,
    demandBytes: demand,
    originBytes: origin,
    originRatio: origin / Math.max(demand, 1),
    boundRatio: bound / Math.max(demand, 1),
    floorRatio: floor / Math.max(demand, 1),
    originByReason: Object.fromEntries(
      Object.entries(world.originByReason).map(([reason, bytes]) => [reason, bytes / Math.max(demand, 1)]),
    ),
    p2pShare: peers / Math.max(peers + origin, 1),
    stallRatio: stallMs / Math.max(watchMs, 1),
    stalledSessions: stalled / Math.max(world.viewers.length, 1),
    startupMedianMs: quantile(0.5),
    startupP95Ms: quantile(0.95),
    neverStarted: never,
    uploadBps: (uploaded * 8000) / Math.max(onlineMs, 1),
    uploadOfCapacity: uploaded / Math.max(capacity, 1),
    uploadWasted: uploaded > 0 ? 1 - peers / uploaded : 0,
    tracker: {
      announcesPerS: (t?.announces ?? 0) / (durationMs / 1000),
      relayedPerS: (t?.relayed ?? 0) / (durationMs / 1000),
      natFailures: t?.natFailures ?? 0,
      connected: t?.connected ?? 0,
    },
    events: world.clock.events,
    wallS: wallMs / 1000,
    peakRssMB: Math.round(world.peakRss / 1048576),
    invariants: { bytesConserved: inFlight >= -1e-6 && net.bytesLost >= 0, earlyArrivals: net.earlyArrivals },
    raw: {
      uniqueBytes,
      capacityBytes: capacity,
      peerBytes: peers,
      uploadedBytes: uploaded,
      onlineMs,
      stallMs,
      watchMs,
      stalled,
      announces: t?.announces ?? 0,
      relayed: t?.relayed ?? 0,
      startups,
      forcedFirstBytes,
      forcedFirstUniqueBytes,
    },
  };
}

/**
 * One run from its sub-swarms (`--shards`): sums add up; the unique bytes played are those of
 * the largest part, which is exact for live (every part plays the same edge segments).
 */
export function mergeSummaries(parts: RunSummary[], viewers: number): RunSummary {
  const sum = (pick: (r: RunSummary) => number) => parts.reduce((a, r) => a + pick(r), 0);
  const first = parts[0]!;
  const demand = sum((r) => r.demandBytes);
  const origin = sum((r) => r.originBytes);
  const peers = sum((r) => r.raw.peerBytes);
  const uploaded = sum((r) => r.raw.uploadedBytes);
  const capacity = sum((r) => r.raw.capacityBytes);
  const unique = Math.max(...parts.map((r) => r.raw.uniqueBytes));
  const watchMs = sum((r) => r.raw.watchMs);
  const stallMs = sum((r) => r.raw.stallMs);
  const sessions = sum((r) => r.sessions);
  const startups = parts.flatMap((r) => r.raw.startups).sort((a, b) => a - b);
  const quantile = (q: number) =>
    startups[Math.min(startups.length - 1, Math.floor(q * startups.length))] ?? NaN;
  const seconds = first.simulatedS;
  const bound = first.strategy === 'cdn' ? demand : Math.max(unique, demand - capacity);
  // A first segment may be forced in several parts: their unique bytes are summed, which can only
  // lower the floor (it stays a lower bound).
  const forcedFirst = sum((r) => r.raw.forcedFirstBytes ?? 0);
  const forcedFirstUnique = sum((r) => r.raw.forcedFirstUniqueBytes ?? 0);
  const floor =
    first.strategy === 'cdn'
      ? demand
      : startupFloor({ demand, capacity, unique, forcedFirst, forcedFirstUnique });
  return {
    ...first,
    viewers,
    sessions,
    demandBytes: demand,
    originBytes: origin,
    originRatio: origin / Math.max(demand, 1),
    boundRatio: bound / Math.max(demand, 1),
    floorRatio: floor / Math.max(demand, 1),
    originByReason: Object.fromEntries(
      [...new Set(parts.flatMap((r) => Object.keys(r.originByReason)))].map((reason) => [
        reason,
        sum((r) => (r.originByReason[reason] ?? 0) * r.demandBytes) / Math.max(demand, 1),
      ]),
    ),
    p2pShare: peers / Math.max(peers + origin, 1),
    stallRatio: stallMs / Math.max(watchMs, 1),
    stalledSessions: sum((r) => r.raw.stalled) / Math.max(sessions, 1),
    startupMedianMs: quantile(0.5),
    startupP95Ms: quantile(0.95),
    neverStarted: sum((r) => r.neverStarted),
    uploadBps:
      (uploaded * 8000) /
      Math.max(
        sum((r) => r.raw.onlineMs),
        1,
      ),
    uploadOfCapacity: uploaded / Math.max(capacity, 1),
    uploadWasted: uploaded > 0 ? 1 - peers / uploaded : 0,
    tracker: {
      announcesPerS: sum((r) => r.raw.announces) / seconds,
      relayedPerS: sum((r) => r.raw.relayed) / seconds,
      natFailures: sum((r) => r.tracker.natFailures),
      connected: sum((r) => r.tracker.connected),
    },
    events: sum((r) => r.events),
    wallS: Math.max(...parts.map((r) => r.wallS)),
    peakRssMB: Math.max(...parts.map((r) => r.peakRssMB)),
    invariants: {
      bytesConserved: parts.every((r) => r.invariants.bytesConserved),
      earlyArrivals: sum((r) => r.invariants.earlyArrivals),
    },
    raw: {
      ...first.raw,
      uniqueBytes: unique,
      capacityBytes: capacity,
      peerBytes: peers,
      startups,
      forcedFirstBytes: forcedFirst,
      forcedFirstUniqueBytes: forcedFirstUnique,
    },
  };
}
