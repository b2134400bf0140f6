// The live split weighed by upload: each viewer at the live edge fetches from the origin a slice
// of a new segment's data shards in proportion to the uplink rate it told its peers
// (swarm/uplink-sharing.ts), so the viewers that can relay a shard to their neighbours in time are
// the ones that fetch it. With equal weights it splits as evenly as the rank split (live-share.ts).

/** A viewer in the split and its weight (bytes per second of uplink; 0: it does not upload). */
export interface SplitMember {
  readonly id: string;
  readonly weight: number;
}

/** A viewer whose uplink rate may not be known yet (null). */
export interface RatedViewer {
  readonly id: string;
  readonly weight: number | null;
}

/** Fractional part of the golden ratio: successive sequences get well spread offsets. */
const GOLDEN = 0.6180339887498949;

/**
 * The data shards `selfId` fetches for a segment: k evenly spaced points over the members'
 * cumulative weights (sorted by id, so every viewer with the same view agrees), offset by the
 * sequence, each naming the member it falls on. A member gets about k × weight / total shards.
 * Null when there is no one to split with or nobody uploads (each fetches for itself).
 */
export function weightedShare(
  selfId: string,
  members: readonly SplitMember[],
  k: number,
  sequence: number,
): number[] | null {
  if (members.length < 2) return null;
  const sorted = [...members].sort((a, b) => byId(a.id, b.id));
  return sortedShare(
    sorted.map((m) => m.weight),
    sorted.map((m) => m.id === selfId),
    k,
    sequence,
  );
}

/** Id order for the split: every viewer sorts the same ids alike. */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * weightedShare of members already sorted by id, given as their weights and whether each is us
 * (the live split keeps its neighbours' order between peer changes instead of sorting per plan).
 */
export function sortedShare(
  weights: readonly number[],
  mine: readonly boolean[],
  k: number,
  sequence: number,
): number[] | null {
  let total = 0;
  for (const weight of weights) total += weight;
  if (!(total > 0)) return null;
  const offset = (sequence * GOLDEN) % 1;
  const share: number[] = [];
  let member = 0;
  let end = weights[0]!;
  for (let i = 0; i < k; i++) {
    const point = ((i + offset) / k) * total;
    while (point >= end && member < weights.length - 1) {
      member += 1;
      end += weights[member]!;
    }
    if (mine[member]) share.push(i);
  }
  return share;
}

/**
 * The members of our split as we know them: our advertised rate and each peer's (a peer that
 * said it does not upload weighs 0). A rate not yet known counts as the highest known, so a
 * viewer is trusted to relay until measured otherwise (when only zeros are known, the unknown
 * weigh alike). Rates are capped at `ample`: beyond what lets a viewer relay its slice to its
 * neighbours quickly, more uplink does not help, so viewers that all have plenty (a LAN, one
 * machine) split evenly whatever their noisy measurements say. Null when no rate is known at
 * all: the caller then splits by rank, as before rates were shared.
 */
export function splitMembers(
  self: RatedViewer,
  peers: readonly RatedViewer[],
  ample = Number.POSITIVE_INFINITY,
): SplitMember[] | null {
  const all = [self, ...peers];
  const weights = splitWeights(
    all.map((m) => m.weight),
    ample,
  );
  return weights && all.map((m, i) => ({ id: m.id, weight: weights[i]! }));
}

/** splitMembers' weights alone, in the order given (null when no rate is known at all). */
export function splitWeights(rates: readonly (number | null)[], ample: number): number[] | null {
  let known = false;
  let highest = 0;
  for (const rate of rates)
    if (rate !== null) {
      known = true;
      highest = Math.max(highest, rate);
    }
  if (!known) return null;
  const unknown = highest > 0 ? highest : 1;
  return rates.map((rate) => Math.min(rate ?? unknown, ample));
}

/**
 * The uplink rate, bytes per second, past which a viewer counts as ample for the split: enough to
 * send each of its peers AMPLE_SHARDS_PER_S shards a second, a slice of a few shards within the
 * second or two a live segment has to spread.
 */
export function ampleUplink(shardSize: number, peers: number): number {
  return AMPLE_SHARDS_PER_S * shardSize * Math.max(peers, 1);
}

const AMPLE_SHARDS_PER_S = 2;
