import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Peers name a rendition by a u16 derived from its id in the manifest, so both sides agree
 * without a negotiation and without sending long strings in every message.
 */
export function renditionNumber(renditionId: string): number {
  const digest = sha256(utf8ToBytes(renditionId));
  return (digest[0]! << 8) | digest[1]!;
}
