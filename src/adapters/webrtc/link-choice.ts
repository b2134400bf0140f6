// Which connection to keep when a new one to a peer comes up. Pure, so it is tested alone.

export type LinkRole = 'offerer' | 'answerer';

export type LinkChoice = 'accept' | 'replace' | 'reject';

export interface ExistingLink {
  role: LinkRole;
  open: boolean;
}

/**
 * 'accept' a new link, 'replace' the existing one to the same peer, or 'reject' the new one.
 * `role` says which message brought it: 'answerer' an offer (decided before answering),
 * 'offerer' the answer to our offer. An offer from a peer we already hold a link to is never
 * answered, so the only duplicate left is two crossed offers that were both answered: each end
 * then holds both links and keeps the one the lower id offered. The losing link's offerer
 * rejects it on its answer, before it can open, so neither end closes a link that opened
 * (link-choice.test.ts walks every order of the messages).
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
  if (role === 'answerer' || existing.role === 'offerer' || existing.open) return 'reject';
  return selfId < remoteId ? 'replace' : 'reject';
}
