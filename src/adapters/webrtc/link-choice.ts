// Which connection to keep when a new one to a peer comes up. Pure, so it is tested alone.

export type LinkRole = 'offerer' | 'answerer';

export type LinkChoice = 'accept' | 'replace' | 'reject';

export interface ExistingLink {
  role: LinkRole;
  open: boolean;
}

/**
 * 'accept' a new link, 'replace' the existing one to the same peer, or 'reject' the new one.
 * When both sides offered at once, the link whose offerer has the lower id wins; both ends
 * apply the same rule, so they keep the same connection. An open link is never replaced.
 */
export function chooseLink(
  selfId: string,
  remoteId: string,
  existing: ExistingLink | undefined,
  role: LinkRole,
  size: number,
  maxPeers: number,
): LinkChoice {
  if (remoteId === selfId) return 'reject';
  if (!existing) return size < maxPeers ? 'accept' : 'reject';
  const winner: LinkRole = selfId < remoteId ? 'offerer' : 'answerer';
  if (existing.open || existing.role === winner || role !== winner) return 'reject';
  return 'replace';
}
