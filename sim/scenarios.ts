// The scenarios of issue 9: who joins when, how long they stay, what their links can do.
// Rates are in bits per second here; the world turns them into virtual bytes per ms.

import type { Rng } from './rng.ts';

export interface ViewerProfile {
  joinAt: number;
  /** Leaves at this time (Infinity: stays to the end). */
  leaveAt: number;
  upBps: number;
  downBps: number;
  latencyMs: number;
  restricted: boolean;
  /** VOD: which title (0 = most popular). */
  title: number;
}

export interface Scenario {
  name: string;
  description: string;
  live: boolean;
  bitrates: number[];
  segmentMs: number;
  /** VOD titles' length in segments. */
  vodSegments: number;
  titles: (viewers: number) => number;
  /** Leavers are replaced by a newcomer at once (churn). */
  replaceLeavers: boolean;
  /** Peer connection setup time range, ms (default 500-2500: STUN, ICE over the internet). */
  setupMs?: [number, number];
  /** Mean time between level switches per viewer, ms. */
  switchEveryMs: number;
  profile: (rng: Rng, index: number, viewers: number, durationMs: number) => ViewerProfile;
}

const MBPS = 1_000_000;
/** Peer connection setup time range when a scenario names none, ms. */
export const DEFAULT_SETUP_MS: [number, number] = [500, 2500];
const BITRATE = 1 * MBPS;
/** Share of viewers behind NATs that cannot reach each other (pairs of them fail). */
const RESTRICTED = 0.3;

function access(rng: Rng, upBps: number): Omit<ViewerProfile, 'joinAt' | 'leaveAt' | 'title'> {
  return {
    upBps,
    downBps: rng.range(10, 50) * MBPS,
    latencyMs: rng.range(10, 40),
    restricted: rng.next() < RESTRICTED,
  };
}

const ample = (rng: Rng) => rng.range(2, 8) * BITRATE;
/** Mean 1.2x the bitrate, but 80% of viewers below 0.5x. */
const mixed = (rng: Rng) => (rng.next() < 0.8 ? rng.range(0.1, 0.45) : rng.range(3.9, 5.9)) * BITRATE;

function flashCrowd(upload: (rng: Rng) => number): Scenario['profile'] {
  return (rng) => ({
    joinAt: rng.range(0, 60_000),
    leaveAt: Infinity,
    title: 0,
    ...access(rng, upload(rng)),
  });
}

const liveBase = {
  live: true,
  bitrates: [BITRATE],
  segmentMs: 2000,
  vodSegments: 0,
  titles: () => 1,
  replaceLeavers: false,
  switchEveryMs: Infinity,
};

/** e2e/p2p.spec.ts's live test: the sample's 2 s segments of ~150 KB, viewers on one machine. */
const CALIBRATION_BITRATE = 600_000;

export const SCENARIOS: Record<string, Scenario> = {
  calibration: {
    ...liveBase,
    name: 'calibration',
    bitrates: [CALIBRATION_BITRATE],
    setupMs: [200, 600],
    description: 'e2e live x4 setup: viewers 1 s apart on one machine (fast links, no NAT), ~150 KB segments',
    profile: (rng, index) => ({
      joinAt: index * 1000,
      leaveAt: Infinity,
      title: 0,
      upBps: 100 * MBPS,
      downBps: 100 * MBPS,
      latencyMs: rng.range(0.5, 2),
      restricted: false,
    }),
  },
  flash: {
    ...liveBase,
    name: 'flash',
    description: 'live, flash crowd (all join within 1 min), uploads 2-8x the bitrate',
    profile: flashCrowd(ample),
  },
  churn: {
    ...liveBase,
    name: 'churn',
    description: 'live, 20% of viewers leave per minute and are replaced, uploads 2-8x',
    replaceLeavers: true,
    profile: (rng, _i, _n, _d) => {
      const joinAt = rng.range(0, 60_000);
      return { joinAt, leaveAt: joinAt + rng.exponential(5 * 60_000), title: 0, ...access(rng, ample(rng)) };
    },
  },
  vod: {
    ...liveBase,
    name: 'vod',
    live: false,
    vodSegments: 150,
    description:
      'VOD long tail: titles with Zipf popularity, ~2 concurrent viewers per title, 4 min mean watch',
    titles: (viewers) => Math.max(1, Math.round(viewers / 4)),
    profile: (rng, _i, viewers, durationMs) => {
      const joinAt = rng.range(0, durationMs * 0.8);
      const titles = Math.max(1, Math.round(viewers / 4));
      return {
        joinAt,
        leaveAt: joinAt + rng.exponential(4 * 60_000),
        title: zipf(rng, titles),
        ...access(rng, ample(rng)),
      };
    },
  },
  'small-uniform': {
    ...liveBase,
    name: 'small-uniform',
    description: 'live flash crowd, every upload 0.5x the bitrate',
    profile: flashCrowd(() => 0.5 * BITRATE),
  },
  'small-mixed': {
    ...liveBase,
    name: 'small-mixed',
    description: 'live flash crowd, uploads mean 1.2x the bitrate, 80% of viewers below 0.5x',
    profile: flashCrowd(mixed),
  },
  ladder: {
    ...liveBase,
    name: 'ladder',
    bitrates: [0.4 * MBPS, 1 * MBPS, 2.5 * MBPS],
    switchEveryMs: 60_000,
    description: 'live ladder 0.4/1/2.5 Mbps, level by downlink, a switch per minute, uploads 2-8 Mbps',
    profile: (rng) => ({
      joinAt: rng.range(0, 60_000),
      leaveAt: Infinity,
      title: 0,
      ...access(rng, ample(rng)),
      downBps: rng.range(1, 8) * MBPS,
    }),
  },
};

/** Zipf(1) over n titles by inversion of the harmonic CDF. */
function zipf(rng: Rng, n: number): number {
  let h = 0;
  for (let i = 1; i <= n; i++) h += 1 / i;
  let u = rng.next() * h;
  for (let i = 1; i <= n; i++) {
    u -= 1 / i;
    if (u <= 0) return i - 1;
  }
  return n - 1;
}
