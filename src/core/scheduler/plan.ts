// Deadline-aware planning for one segment, as a pure function of its state: which shards
// to ask of which peers, which pending requests to give up on, and whether (and what) to
// take from the origin. No I/O here, so every decision is testable in virtual time.

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
  have: ReadonlySet<number>;
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
   * Until when peers are expected to offer this segment (0: not expected): they are still being
   * found, or one of them is fetching the segments just before it. Until then, and while the
   * deadline allows, the planner waits for them rather than going to the origin.
   */
  expectPeersUntil: number;
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

  // Stragglers: a request far beyond its expected time is re-planned elsewhere.
  const live = new Map(input.pendingPeers);
  // Copied only when stragglers may be added to it (mutated only in the loop below).
  const refused = input.pendingPeers.size > 0 ? new Set(input.refused) : (input.refused as Set<string>);
  for (const [index, pending] of input.pendingPeers) {
    const peer = input.peers.find((p) => p.id === pending.peerId);
    const expected = peer ? (peer.pendingBytes + shardSize) / Math.max(peer.rate, 1e-3) : 0;
    const limit = pending.sentAt + Math.max(input.peerTimeoutMs, 3 * expected);
    if (!peer || now >= limit) {
      plan.cancel.push(index);
      live.delete(index);
      refused.add(refusalKey(pending.peerId, index));
    } else plan.wakeAt = Math.min(plan.wakeAt, limit);
  }

  const missingData: number[] = [];
  for (let i = 0; i < k; i++) if (!input.have.has(i) && !input.pendingOrigin.has(i)) missingData.push(i);
  // Parity shards in hand count towards k: the origin needs to send only the rest.
  const originData = missingData.slice(0, Math.max(k - input.have.size - input.pendingOrigin.size, 0));

  // The origin, when the deadline no longer leaves room for peers, or when peers cannot reach k
  // and no other viewer is fetching its share of this segment (live split) for us to trade.
  const canReachK = input.have.size + live.size + input.pendingOrigin.size + countAvailable(input, live) >= k;
  const fallbackAt =
    input.deadline - input.safetyMs - input.originTimeMs(Math.max(originData.length, 1) * shardSize);
  if (
    Number.isFinite(input.deadline) &&
    (now >= fallbackAt || (!canReachK && input.share === null && now >= input.expectPeersUntil))
  ) {
    plan.origin = originData;
    plan.originReason = now >= fallbackAt ? 'deadline' : 'peers-lack';
    // Keep only peer requests that are not superseded; with all data coming, none are needed.
    for (const index of live.keys()) plan.cancel.push(index);
    return plan;
  }
  if (Number.isFinite(fallbackAt)) plan.wakeAt = Math.min(plan.wakeAt, fallbackAt);
  if (Number.isFinite(input.deadline)) plan.peersUntil = fallbackAt;
  if (!canReachK && now < input.expectPeersUntil) plan.wakeAt = Math.min(plan.wakeAt, input.expectPeersUntil);

  // Most plans have no refusals: skip building a key per (peer, shard) then.
  const holdersOf = (index: number) =>
    input.peers.filter(
      (p) => p.holds.has(index) && (refused.size === 0 || !refused.has(refusalKey(p.id, index))),
    );

  // Live split: this viewer's share of data shards that no peer has yet comes from the origin now.
  if (input.share) {
    for (const index of input.share)
      if (
        !input.have.has(index) &&
        !live.has(index) &&
        !input.pendingOrigin.has(index) &&
        holdersOf(index).length === 0
      )
        plan.origin.push(index);
    if (plan.origin.length > 0) plan.originReason = 'share';
  }

  // Peers: k plus a small surplus, rarest first, spread by measured rate.
  let need =
    k + input.surplus - (input.have.size + live.size + input.pendingOrigin.size + plan.origin.length);
  if (need <= 0) return plan;
  const candidates: Array<{ index: number; holders: PeerView[] }> = [];
  for (let index = 0; index < k + input.m; index++) {
    if (
      input.have.has(index) ||
      live.has(index) ||
      input.pendingOrigin.has(index) ||
      plan.origin.includes(index)
    )
      continue;
    const holders = holdersOf(index);
    if (holders.length > 0) candidates.push({ index, holders });
  }
  // Rarest first, so shards only one peer has are not crowded out of its request slots by
  // common ones; among equals, data shards (no decoding needed), then by index.
  candidates.sort(
    (a, b) =>
      a.holders.length - b.holders.length || Number(a.index >= k) - Number(b.index >= k) || a.index - b.index,
  );

  const load = new Map(input.peers.map((p) => [p.id, { bytes: p.pendingBytes, slots: p.slots }]));
  const byPeer = new Map<string, number[]>();
  for (const { index, holders } of candidates) {
    if (need <= 0) break;
    let best: PeerView | null = null;
    let bestFinish = Number.POSITIVE_INFINITY;
    for (const peer of holders) {
      const l = load.get(peer.id)!;
      if (l.slots <= 0) continue;
      if (peer.busyUntil !== undefined && peer.busyUntil > now) {
        plan.wakeAt = Math.min(plan.wakeAt, peer.busyUntil);
        continue;
      }
      const finish = (l.bytes + shardSize) / Math.max(peer.rate, 1e-3);
      if (finish < bestFinish) {
        best = peer;
        bestFinish = finish;
      }
    }
    if (!best) continue;
    const l = load.get(best.id)!;
    l.bytes += shardSize;
    l.slots -= 1;
    const list = byPeer.get(best.id) ?? [];
    list.push(index);
    byPeer.set(best.id, list);
    need -= 1;
  }
  for (const [peerId, indices] of byPeer) plan.requests.push({ peerId, indices });
  if (plan.requests.length > 0) plan.wakeAt = Math.min(plan.wakeAt, now + input.peerTimeoutMs);
  return plan;
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
