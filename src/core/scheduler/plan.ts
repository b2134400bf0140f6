// Deadline-aware planning for one segment, as a pure function of its state: which shards
// to ask of which peers, which pending requests to give up on, and whether (and what) to
// take from the origin. No I/O here, so every decision is testable in virtual time.

import { expectedMs, peerCandidates, spread } from './spread.ts';

export interface PeerView {
  id: string;
  /** Whether the peer holds shard `index` of this segment. */
  holds: { has(index: number): boolean };
  /** Measured download rate from this peer, bytes per ms. */
  rate: number;
  /** Bytes already requested from this peer and not yet received (all segments). */
  pendingBytes: number;
  /** Further requests it may take now. */
  slots: number;
  /** Until this clock time it said 'busy' (its uplink is full): not asked meanwhile. */
  busyUntil?: number;
}

export interface PendingPeerShard {
  peerId: string;
  sentAt: number;
}

export interface PlanInput {
  now: number;
  /** When the player needs the segment; Infinity for a prefetch (never the origin, bar `share`). */
  deadline: number;
  k: number;
  m: number;
  shardSize: number;
  /** Shards in hand (a set, or the keys of a map of them). */
  have: Pick<ReadonlySet<number>, 'has' | 'size'>;
  pendingPeers: ReadonlyMap<number, PendingPeerShard>;
  pendingOrigin: ReadonlySet<number>;
  /** (peerId, index) pairs that failed or timed out: not asked again. */
  refused: ReadonlySet<string>;
  peers: readonly PeerView[];
  /** Milliseconds the origin needs to deliver `bytes`, from its measured rate and latency. */
  originTimeMs: (bytes: number) => number;
  safetyMs: number;
  surplus: number;
  peerTimeoutMs: number;
  /** Data shards this viewer fetches from the origin now for its swarm (live split), or null. */
  share: readonly number[] | null;
  /**
   * Live split's second wave: these data shards come from the origin `leadMs` before the
   * fallback if no peer holds them by then (one fetch per neighbourhood, not one per viewer).
   */
  secondWaveShare?: { indices: readonly number[]; leadMs: number } | null;
  /**
   * Until when peers are expected to offer this segment (0: not expected): they are still being
   * found, or one of them is fetching the segments just before it. Until then, and while the
   * deadline allows, the planner waits for them rather than going to the origin.
   */
  expectPeersUntil: number;
  /**
   * A prefetch's likely deadline, read off the player's (Infinity: unknown). Only how long its
   * peer requests stay useful follows from it (`peersUntil`); it never sends anything to the origin.
   */
  forecastDeadline?: number;
}

export interface Plan {
  requests: Array<{ peerId: string; indices: number[] }>;
  /** Pending peer shards to withdraw (stragglers, or superseded by the origin). */
  cancel: number[];
  /** Data shards to fetch from the origin now. */
  origin: number[];
  /** Why: the deadline is near, peers cannot supply k, or this viewer's live share. */
  originReason: 'deadline' | 'peers-lack' | 'share' | null;
  /** When the plan should be made again if nothing else happens first. */
  wakeAt: number;
  /** Peer shards asked now are useful until then (the origin fallback; Infinity: no deadline). */
  peersUntil: number;
}

export function refusalKey(peerId: string, index: number): string {
  return `${peerId}#${index}`;
}

/**
 * When the origin would miss the deadline anyway, peers go first if they are expected sooner,
 * given this many times what their measured rates say (estimates err, and the trip adds to it).
 */
const LATE_PEER_MARGIN = 2;

export function planSegment(input: PlanInput): Plan {
  const plan: Plan = {
    requests: [],
    cancel: [],
    origin: [],
    originReason: null,
    wakeAt: Number.POSITIVE_INFINITY,
    peersUntil: Number.POSITIVE_INFINITY,
  };
  const { now, k, shardSize } = input;
  if (input.have.size >= k) return plan;

  const missingData: number[] = [];
  for (let i = 0; i < k; i++) if (!input.have.has(i) && !input.pendingOrigin.has(i)) missingData.push(i);
  // Parity shards in hand count towards k: the origin needs to send only the rest.
  const originData = missingData.slice(0, Math.max(k - input.have.size - input.pendingOrigin.size, 0));
  const originMs = input.originTimeMs(Math.max(originData.length, 1) * shardSize);
  const fallbackAt = input.deadline - input.safetyMs - originMs;
  const pastFallback = Number.isFinite(input.deadline) && now >= fallbackAt;
  // Past the fallback, an origin too slow to make the deadline anyway is no surer than peers:
  // peers expected sooner go first, and a shard they overrun by LATE_PEER_MARGIN is a straggler.
  // (A player already waiting, its deadline passed, gets the origin at once as before.)
  const originLate = pastFallback && now < input.deadline && now + originMs > input.deadline;

  // Stragglers: a request far beyond its expected time is re-planned elsewhere. The pending
  // requests and the refusals are copied only when a straggler is found (most plans have none).
  let live: ReadonlyMap<number, PendingPeerShard> = input.pendingPeers;
  let refused: ReadonlySet<string> = input.refused;
  for (const [index, pending] of input.pendingPeers) {
    const peer = input.peers.find((p) => p.id === pending.peerId);
    const expected = peer ? expectedMs(peer, shardSize) : 0;
    const limit = originLate
      ? pending.sentAt + LATE_PEER_MARGIN * expected
      : pending.sentAt + Math.max(input.peerTimeoutMs, 3 * expected);
    if (!peer || now >= limit) {
      plan.cancel.push(index);
      if (live === input.pendingPeers) live = new Map(input.pendingPeers);
      if (refused === input.refused) refused = new Set(input.refused);
      (live as Map<number, PendingPeerShard>).delete(index);
      (refused as Set<string>).add(refusalKey(pending.peerId, index));
    } else plan.wakeAt = Math.min(plan.wakeAt, limit);
  }

  // Most plans have no refusals: skip building a key per (peer, shard) then.
  const canSend = (p: PeerView, index: number) =>
    p.holds.has(index) && (refused.size === 0 || !refused.has(refusalKey(p.id, index)));
  const holdersOf = (index: number) => input.peers.filter((p) => canSend(p, index));

  // The origin, when the deadline no longer leaves room for peers, or when peers cannot reach k
  // and no other viewer is fetching its share of this segment (live split) for us to trade.
  const canReachK = input.have.size + live.size + input.pendingOrigin.size + countAvailable(input, live) >= k;
  const peersDueAt = originLate && canReachK ? peersDue(input, live, holdersOf) : Number.POSITIVE_INFINITY;
  const peersFirst = peersDueAt < now + originMs;
  if (
    (pastFallback && !peersFirst) ||
    (Number.isFinite(input.deadline) && !canReachK && input.share === null && now >= input.expectPeersUntil)
  ) {
    plan.origin = originData;
    plan.originReason = pastFallback ? 'deadline' : 'peers-lack';
    // Keep only peer requests that are not superseded; with all data coming, none are needed.
    for (const index of live.keys()) plan.cancel.push(index);
    return plan;
  }
  if (peersFirst) {
    // Look again when they are due; until the origin could have delivered, their shards win.
    plan.wakeAt = Math.min(plan.wakeAt, peersDueAt);
    plan.peersUntil = now + originMs;
  } else {
    if (Number.isFinite(fallbackAt)) plan.wakeAt = Math.min(plan.wakeAt, fallbackAt);
    if (Number.isFinite(input.deadline)) plan.peersUntil = fallbackAt;
    // A prefetch's shards asked within the whole peer timeout reached busy uplinks' fronts after
    // the player had asked and the job had gone to the origin (a tenth of all uploads with uploads
    // at half the bitrate): they are asked until the fallback its forecast deadline implies.
    // Past that, peers send only what they can at once and refuse the rest.
    else if (input.forecastDeadline !== undefined && Number.isFinite(input.forecastDeadline))
      plan.peersUntil = input.forecastDeadline - input.safetyMs - originMs;
  }
  if (!canReachK && now < input.expectPeersUntil) plan.wakeAt = Math.min(plan.wakeAt, input.expectPeersUntil);

  // Live split: this viewer's share of data shards that no peer has yet comes from the origin now.
  if (input.share) {
    for (const index of input.share)
      if (
        !input.have.has(index) &&
        !live.has(index) &&
        !input.pendingOrigin.has(index) &&
        !input.peers.some((p) => canSend(p, index))
      )
        plan.origin.push(index);
    if (plan.origin.length > 0) plan.originReason = 'share';
  }
  if (input.secondWaveShare && Number.isFinite(fallbackAt) && !peersFirst) {
    const at = fallbackAt - input.secondWaveShare.leadMs;
    if (now < at) plan.wakeAt = Math.min(plan.wakeAt, at);
    else {
      for (const index of input.secondWaveShare.indices)
        if (
          !input.have.has(index) &&
          !live.has(index) &&
          !input.pendingOrigin.has(index) &&
          !plan.origin.includes(index) &&
          holdersOf(index).length === 0
        )
          plan.origin.push(index);
      if (plan.origin.length > 0) plan.originReason = 'share';
    }
  }

  // Peers: k plus a small surplus, rarest first, spread by measured rate.
  const need =
    k + input.surplus - (input.have.size + live.size + input.pendingOrigin.size + plan.origin.length);
  if (need <= 0) return plan;
  const candidates = peerCandidates(input, live, holdersOf, plan.origin);
  const byPeer = new Map<string, number[]>();
  const busy = (until: number) => {
    plan.wakeAt = Math.min(plan.wakeAt, until);
  };
  for (const { index, peer } of spread(input, candidates, need, busy)) {
    const list = byPeer.get(peer.id) ?? [];
    list.push(index);
    byPeer.set(peer.id, list);
  }
  for (const [peerId, indices] of byPeer) plan.requests.push({ peerId, indices });
  if (plan.requests.length > 0) plan.wakeAt = Math.min(plan.wakeAt, now + input.peerTimeoutMs);
  return plan;
}

/**
 * When peers are expected, with LATE_PEER_MARGIN, to have sent the shards k still lacks: those
 * asked already (none overdue: stragglers are out of `live`) from when they were asked, the rest
 * as `spread` would give them out now; Infinity when peers cannot supply enough.
 */
function peersDue(
  input: PlanInput,
  live: ReadonlyMap<number, PendingPeerShard>,
  holdersOf: (index: number) => PeerView[],
): number {
  const { now, shardSize } = input;
  const needed = input.k - input.have.size - input.pendingOrigin.size;
  if (needed <= 0) return Number.POSITIVE_INFINITY; // the origin brings the rest already
  const due: number[] = [];
  for (const pending of live.values()) {
    const peer = input.peers.find((p) => p.id === pending.peerId);
    if (peer) due.push(pending.sentAt + LATE_PEER_MARGIN * expectedMs(peer, shardSize));
  }
  const asked = spread(input, peerCandidates(input, live, holdersOf, []), needed - due.length, () => {});
  for (const { finishMs } of asked) due.push(now + LATE_PEER_MARGIN * finishMs);
  if (due.length < needed) return Number.POSITIVE_INFINITY;
  due.sort((a, b) => a - b);
  return due[needed - 1]!;
}

/** Distinct shards not yet had or pending that some peer could still send. */
function countAvailable(input: PlanInput, live: ReadonlyMap<number, PendingPeerShard>): number {
  let count = 0;
  for (let index = 0; index < input.k + input.m; index++) {
    if (input.have.has(index) || live.has(index) || input.pendingOrigin.has(index)) continue;
    const refused = input.refused;
    if (
      input.peers.some(
        (p) => p.holds.has(index) && (refused.size === 0 || !refused.has(refusalKey(p.id, index))),
      )
    )
      count += 1;
  }
  return count;
}
