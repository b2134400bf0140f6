// How many offers an announce carries, and when the links and the swarm's count disagree. Pure:
// the tracker client passes what it knows.

export interface LinkCounts {
  /** The swarm's size, us included (null: not told yet). */
  viewers: number | null;
  /** Links the pool holds, connecting or open. */
  linked: number;
  /** Our offers out, not yet answered. */
  offersOut: number;
  /** More links the pool allows. */
  room: number;
  /** The count came from a scrape, which leaves out viewers held since and ourselves. */
  scraped: boolean;
}

/**
 * One offer per other viewer we have no link or offer out to (every other viewer with
 * `reachAll`), within the pool's room and `perAnnounce`; a full batch when the count is unknown.
 */
export function offerCount(counts: LinkCounts, perAnnounce: number, reachAll = false): number {
  const room = counts.room - counts.offersOut;
  // Offers beyond the viewers we have no link (or offer out) to would go to nobody, or to
  // peers we already have, who then decline them.
  const linked = reachAll ? 0 : counts.linked;
  let others =
    counts.viewers === null ? Number.POSITIVE_INFINITY : counts.viewers - 1 - linked - counts.offersOut;
  // A scrape is up to a second or two old by the join, and viewers held meanwhile are not in
  // it (a scrape does not join): one more offer, which the tracker relays only if someone is
  // there. Without it a viewer that joined in between waited for the next announce (~15 s;
  // live x4 bench: one pair in two runs of three, its viewers drawing shards at deadlines).
  if (counts.scraped) others += 1;
  return Math.max(0, Math.min(perAnnounce, room, others));
}

/** With room for more links, ours and the swarm's count do not add up: it is stale, or some are unlinked. */
export function countDisagrees(counts: LinkCounts): boolean {
  if (counts.viewers === null || counts.room <= 0) return false;
  const others = counts.viewers - 1;
  return others < counts.linked || others > counts.linked + counts.offersOut;
}
