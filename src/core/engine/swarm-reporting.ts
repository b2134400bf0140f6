// What the swarm does, told to the engine's listeners and counted in its figures.

import type { Emitter } from '../events.ts';
import type { Swarm } from '../swarm/swarm.ts';
import type { EngineCounters } from './stats.ts';
import type { EngineEvents } from './types.ts';

export function reportSwarm(swarm: Swarm, events: Emitter<EngineEvents>, counters: EngineCounters): void {
  swarm.events.on('peer-ready', (peer) =>
    events.emit('peer', { change: 'joined', peerId: peer.id, reason: null }),
  );
  swarm.events.on('peer-gone', ({ peer, reason }) =>
    events.emit('peer', { change: 'left', peerId: peer.id, reason }),
  );
  swarm.events.on('shard', ({ peer, data }) => {
    counters.peerBytes(data.length);
    events.emit('bytes', { via: 'peer', bytes: data.length, peerId: peer.id });
  });
  swarm.events.on('ban', (ban) => {
    counters.ban(ban.peerId, ban.reason);
    events.emit('ban', ban);
  });
  swarm.events.on('upload', ({ peer, bytes }) => {
    counters.upload(bytes);
    events.emit('bytes', { via: 'upload', bytes, peerId: peer.id });
  });
  swarm.events.on('protocol-error', ({ peerId, reason }) =>
    events.emit('error', { kind: 'peer-protocol', message: `peer ${peerId}: ${reason}` }),
  );
}
