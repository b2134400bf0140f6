// A peer session past its handshake, on a link that accepts every frame: for tests of what the
// swarm tells peers (it reads only the id and the capability bits).

import type { PeerLink } from '../ports.ts';
import { PeerSession } from '../swarm/peer-session.ts';

export function readyPeer(id: string, capabilities: number): PeerSession {
  const link: PeerLink = {
    remoteId: id,
    send: () => true,
    bufferedBytes: () => 0,
    close: () => {},
    onFrame: null,
    onClose: null,
    onDrain: null,
  };
  const peer = new PeerSession(link, 0);
  peer.peerId = id;
  peer.capabilities = capabilities;
  return peer;
}
