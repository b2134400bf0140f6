import { describe, expect, it } from 'vitest';
import { type PeerView, type PlanInput, planSegment, refusalKey } from './plan.ts';

const all = (n: number) => new Set(Array.from({ length: n }, (_, i) => i));

function peer(id: string, holds: Iterable<number>, rate = 1000, slots = 24): PeerView {
  return { id, holds: new Set(holds), rate, pendingBytes: 0, slots };
}

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    now: 0,
    deadline: 4000,
    k: 8,
    m: 4,
    shardSize: 20_000,
    have: new Set(),
    pendingPeers: new Map(),
    pendingOrigin: new Set(),
    refused: new Set(),
    peers: [],
    originTimeMs: (bytes) => 50 + bytes / 2000,
    safetyMs: 1000,
    surplus: 1,
    peerTimeoutMs: 2000,
    share: null,
    expectPeersUntil: 0,
    ...over,
  };
}

describe('planSegment', () => {
  it('asks peers for k plus the surplus, data shards first, spread over several peers', () => {
    const plan = planSegment(input({ peers: [peer('a', all(12)), peer('b', all(12)), peer('c', all(12))] }));
    const asked = plan.requests.flatMap((r) => r.indices).sort((x, y) => x - y);
    expect(asked).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(plan.requests.length).toBe(3);
    expect(plan.origin).toEqual([]);
  });

  it('gives a faster peer more shards', () => {
    const plan = planSegment(input({ peers: [peer('fast', all(12), 4000), peer('slow', all(12), 500)] }));
    const count = (id: string) => plan.requests.find((r) => r.peerId === id)?.indices.length ?? 0;
    expect(count('fast')).toBeGreaterThan(count('slow'));
  });

  it('takes the rarest shards from the peer that alone holds them', () => {
    const peers = [peer('a', all(12), 1000, 4), peer('b', [0, 1, 2, 3, 4, 5])];
    const plan = planSegment(input({ peers }));
    const fromA = plan.requests.find((r) => r.peerId === 'a')?.indices ?? [];
    expect(fromA).toEqual(expect.arrayContaining([6, 7]));
    expect(plan.requests.flatMap((r) => r.indices)).toHaveLength(9);
  });

  it('goes to the origin for the missing data shards when the deadline leaves no room', () => {
    const have = new Set([0, 1, 2]);
    const pendingPeers = new Map([[3, { peerId: 'a', sentAt: 0 }]]);
    const plan = planSegment(input({ now: 2900, have, pendingPeers, peers: [peer('a', all(12))] }));
    expect(plan.origin).toEqual([3, 4, 5, 6, 7]);
    expect(plan.originReason).toBe('deadline');
    expect(plan.cancel).toEqual([3]);
  });

  it('asks others while a peer says busy, and plans again when it may be asked', () => {
    const busy = { ...peer('busy', all(12), 4000), busyUntil: 700 };
    const plan = planSegment(input({ now: 100, peers: [busy, peer('b', all(12))] }));
    expect(plan.requests.map((r) => r.peerId)).toEqual(['b']);
    expect(plan.wakeAt).toBe(700);
    expect(plan.peersUntil).toBeLessThan(4000);
  });

  it('takes from the origin only what k still lacks when parity shards are in hand', () => {
    const have = new Set([0, 8, 9]);
    const plan = planSegment(input({ now: 2900, have, peers: [peer('a', all(12))] }));
    expect(plan.origin).toEqual([1, 2, 3, 4, 5]);
    expect(plan.originReason).toBe('deadline');
  });

  it('goes to the origin at once when peers cannot reach k and none are expected', () => {
    const plan = planSegment(input({ peers: [peer('a', [0, 1])] }));
    expect(plan.origin).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(plan.originReason).toBe('peers-lack');
  });

  it('waits for peers still connecting while the deadline allows, and plans to wake before it', () => {
    const plan = planSegment(input({ expectPeersUntil: 5000 }));
    expect(plan.origin).toEqual([]);
    expect(plan.wakeAt).toBeLessThan(4000 - 1000);
  });

  it('waits for a peer fetching the segments just before this one, but only until it said', () => {
    const far = input({ deadline: 20_000, expectPeersUntil: 1500 });
    expect(planSegment(far).origin).toEqual([]);
    expect(planSegment(far).wakeAt).toBe(1500);
    expect(planSegment({ ...far, now: 1500 }).originReason).toBe('peers-lack');
  });

  it('never sends a prefetch (no deadline) to the origin, except its live share', () => {
    expect(planSegment(input({ deadline: Number.POSITIVE_INFINITY })).origin).toEqual([]);
    const plan = planSegment(
      input({ deadline: Number.POSITIVE_INFINITY, share: [1, 5], peers: [peer('a', [5])] }),
    );
    expect(plan.origin).toEqual([1]); // 5 is held by a peer: trade it instead
    expect(plan.originReason).toBe('share');
  });

  it('re-requests a straggler’s shard from another peer', () => {
    const pendingPeers = new Map([[0, { peerId: 'slow', sentAt: 0 }]]);
    const have = new Set([1, 2, 3, 4, 5, 6, 7]);
    const plan = planSegment(
      input({
        now: 2500,
        deadline: 60_000,
        have,
        pendingPeers,
        peers: [peer('slow', [0]), peer('b', [0, 8])],
      }),
    );
    expect(plan.cancel).toEqual([0]);
    expect(plan.requests.find((r) => r.peerId === 'b')?.indices).toContain(0);
  });

  it('does not ask a peer again for a shard it refused or sent bad', () => {
    const plan = planSegment(
      input({
        surplus: 0,
        have: new Set([1, 2, 3, 4, 5, 6, 7]),
        refused: new Set([refusalKey('a', 0)]),
        peers: [peer('a', all(12))],
      }),
    );
    expect(plan.requests.flatMap((r) => r.indices)).not.toContain(0);
    expect(plan.requests.flatMap((r) => r.indices)).toHaveLength(1);
  });

  it('does nothing once k shards are in', () => {
    const plan = planSegment(input({ have: all(8), peers: [peer('a', all(12))] }));
    expect(plan).toMatchObject({ requests: [], origin: [], cancel: [] });
  });

  describe('with an origin too slow to make the deadline', () => {
    // 160 KB of data shards take the origin 50 + 8000 ms: past the 4000 ms deadline whatever it does.
    const slowOrigin = { originTimeMs: (bytes: number) => 50 + bytes / 20 };

    it('asks peers expected sooner, wakes when they are due, and tells them how long they help', () => {
      const plan = planSegment(input({ ...slowOrigin, peers: [peer('a', all(12)), peer('b', all(12))] }));
      expect(plan.origin).toEqual([]);
      expect(plan.requests.flatMap((r) => r.indices)).toHaveLength(9);
      // a and b take 4 and 4 shards (one surplus aside) at 1000 B/ms: due at 2 x 80 ms.
      expect(plan.wakeAt).toBe(160);
      expect(plan.peersUntil).toBe(50 + 160_000 / 20);
    });

    it('goes to the origin once the shards asked of peers are overdue', () => {
      const pendingPeers = new Map([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i, { peerId: 'a', sentAt: 0 }]));
      const peers = [{ ...peer('a', all(12)), pendingBytes: 160_000 }];
      const asked = input({ ...slowOrigin, pendingPeers, peers });
      expect(planSegment({ ...asked, now: 100 }).origin).toEqual([]);
      const late = planSegment({ ...asked, now: 400 }); // due at 2 x 180 ms
      expect(late.origin).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(late.originReason).toBe('deadline');
      expect(late.cancel).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // Another peer that may still be sooner than the origin takes them over instead.
      const other = planSegment({ ...asked, now: 400, peers: [...peers, peer('b', all(12))] });
      expect(other.origin).toEqual([]);
      expect(other.cancel).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(other.requests.find((r) => r.peerId === 'b')?.indices).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('takes the origin when peers are expected no sooner, or the player already waits', () => {
      const slowPeers = [peer('a', all(12), 10), peer('b', all(12), 10)]; // due at 2 x 8000 ms
      expect(planSegment(input({ ...slowOrigin, peers: slowPeers })).originReason).toBe('deadline');
      const waiting = input({ ...slowOrigin, now: 4000, peers: [peer('a', all(12))] });
      expect(planSegment(waiting).originReason).toBe('deadline');
    });
  });
});

describe('planSegment: the second wave of the live split', () => {
  // deadline 4000, safety 1000, origin 130 ms for the 8 data shards: fallback at 2870, second wave at 1870.
  const wave = { indices: [2, 5], leadMs: 1000 };

  it('waits for the mesh until the second wave is due, and wakes then', () => {
    const plan = planSegment(input({ now: 1000, share: [], secondWaveShare: wave }));
    expect(plan.origin).toEqual([]);
    expect(plan.wakeAt).toBe(1870);
  });

  it('then fetches its shards that no neighbour holds, once, as its share', () => {
    const peers = [peer('a', [0, 1, 5])];
    const plan = planSegment(input({ now: 2000, share: [], secondWaveShare: wave, peers }));
    expect(plan.origin).toEqual([2]);
    expect(plan.originReason).toBe('share');
    // The rest still comes from peers, not from the origin.
    expect(plan.requests.flatMap((r) => r.indices).sort((x, y) => x - y)).toEqual([0, 1, 5]);
  });

  it('leaves alone what it has or already fetches', () => {
    const plan = planSegment(
      input({ now: 2000, share: [], secondWaveShare: wave, have: new Set([2]), pendingOrigin: new Set([5]) }),
    );
    expect(plan.origin).toEqual([]);
  });

  it('has no second wave for a prefetch without a deadline', () => {
    const plan = planSegment(
      input({ now: 2000, deadline: Number.POSITIVE_INFINITY, share: [], secondWaveShare: wave }),
    );
    expect(plan.origin).toEqual([]);
  });
});
