import { describe, expect, it } from 'vitest';
import type { NetworkStatus, PeerLink, PeerNetwork } from '../ports.ts';
import { HeldNetwork } from './held-network.ts';

/** Records what reaches the real network. */
function recorder() {
  const calls: string[] = [];
  const network: PeerNetwork = {
    join: (swarmId, selfId) => calls.push(`join ${swarmId} ${selfId}`),
    prepare: (selfId) => calls.push(`prepare ${selfId}`),
    connectSignaling: (selfId) => calls.push(`signaling ${selfId}`),
    peek: (swarmId) => calls.push(`peek ${swarmId}`),
    setPeerLimit: (limit) => calls.push(`limit ${limit}`),
    leave: () => calls.push('leave'),
    onLink: null,
    onStatus: null,
    onSwarmSize: null,
  };
  return { calls, network };
}

describe('HeldNetwork', () => {
  it('opens only the signaling sockets until released, then joins the swarm asked for', () => {
    const { calls, network } = recorder();
    const held = new HeldNetwork(network);
    const statuses: NetworkStatus[] = [];
    held.onStatus = (s) => statuses.push(s);
    held.prepare('me');
    held.join('swarm-a', 'me');
    // The swarm's size is asked while held (no WebRTC), so the join can offer at once.
    expect(calls).toEqual(['signaling me', 'peek swarm-a']);
    expect(statuses).toEqual([{ kind: 'connecting' }]);
    held.release();
    expect(calls).toEqual(['signaling me', 'peek swarm-a', 'join swarm-a me']);
    held.release();
    expect(calls).toEqual(['signaling me', 'peek swarm-a', 'join swarm-a me']);
  });

  it('replays a warm-up alone when no swarm was named yet, and passes calls through after', () => {
    const { calls, network } = recorder();
    const held = new HeldNetwork(network);
    held.prepare('me');
    held.release();
    held.join('swarm-b', 'me');
    held.leave();
    expect(calls).toEqual(['signaling me', 'prepare me', 'join swarm-b me', 'leave']);
  });

  it('forgets what was asked when left while held, and closes the sockets it opened', () => {
    const { calls, network } = recorder();
    const held = new HeldNetwork(network);
    held.join('swarm-a', 'me');
    held.leave();
    held.release();
    expect(calls).toEqual([]);
    const second = recorder();
    const warmed = new HeldNetwork(second.network);
    warmed.prepare('me');
    warmed.leave();
    warmed.release();
    expect(second.calls).toEqual(['signaling me', 'leave']);
  });

  it('forwards links, statuses and swarm sizes from the real network', () => {
    const { network } = recorder();
    const held = new HeldNetwork(network);
    const seen: unknown[] = [];
    held.onLink = (link) => seen.push(link.remoteId);
    held.onStatus = (status) => seen.push(status.kind);
    held.onSwarmSize = (n) => seen.push(n);
    network.onLink?.({ remoteId: 'peer-1' } as PeerLink);
    network.onStatus?.({ kind: 'online', detail: '' });
    network.onSwarmSize?.(4);
    expect(seen).toEqual(['peer-1', 'online', 4]);
  });

  it('passes a peer limit on while held: the network keeps it for the links it makes later', () => {
    const { calls, network } = recorder();
    const held = new HeldNetwork(network);
    held.setPeerLimit(24);
    expect(calls).toEqual(['limit 24']);
  });
});
