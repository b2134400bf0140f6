// Whom a viewer accepts after the handshake: same swarm, not itself, not banned, not twice.

import type { ByeReason } from '../protocol/messages.ts';
import type { PeerSession } from './peer-session.ts';

export interface HelloContext {
  swarmId: string;
  selfId: string;
  banned: ReadonlySet<string>;
  peers: Iterable<PeerSession>;
}

/** Why `peer`'s hello is refused (the bye reason and a log line), or null to accept it. */
export function helloRefusal(
  context: HelloContext,
  peer: PeerSession,
  swarmId: string,
  peerId: string,
): [ByeReason, string] | null {
  if (peer.ready) return ['protocol-error', 'second hello'];
  if (swarmId !== context.swarmId) return ['incompatible', 'other swarm'];
  if (peerId === context.selfId) return ['duplicate', 'connected to self'];
  if (context.banned.has(peerId)) return ['banned', 'banned earlier'];
  for (const other of context.peers)
    if (other !== peer && other.peerId === peerId) return ['duplicate', 'already connected'];
  return null;
}
