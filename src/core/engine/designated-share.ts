// Designated fetchers for the live split at scale: the rank split (live-share.ts) makes every
// neighbourhood of ~maxPeers viewers fetch one copy of each new segment, so the origin serves
// ~1/(maxPeers+1) of CDN-only however large the swarm. Here each viewer fetches data shard i of a
// segment only when hash(selfId, sequence, i) falls in a fraction f = fetchers / population, the
// population being the whole swarm as the tracker counts it (or the neighbourhood, if larger):
// about `fetchers` viewers in the swarm fetch each shard, the rest spread through the mesh from
// neighbour to neighbour, and the deadline fallback of the plan covers what did not arrive.

/** FNV-1a over the id, then the sequence and index mixed in: uniform in [0, 1). */
export function fetcherHash(selfId: string, sequence: number, index: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < selfId.length; i++) h = Math.imul(h ^ selfId.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (sequence >>> 0), 0x01000193);
  h = Math.imul(h ^ (Math.floor(sequence / 4294967296) >>> 0), 0x01000193);
  h = Math.imul(h ^ index, 0x01000193);
  // Final avalanche (murmur3's fmix32) so nearby sequences give unrelated values.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * The data shards `selfId` fetches from the origin for segment `sequence`: each with probability
 * fetchers / population, decided by a hash every viewer computes alike. Never null: a viewer
 * with an empty share still waits for its neighbours instead of going to the origin.
 */
export function designatedShare(
  selfId: string,
  population: number,
  k: number,
  sequence: number,
  fetchers: number,
): number[] {
  const fraction = Math.min(1, fetchers / Math.max(population, 1));
  const share: number[] = [];
  for (let i = 0; i < k; i++) if (fetcherHash(selfId, sequence, i) < fraction) share.push(i);
  return share;
}
