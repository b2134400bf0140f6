// Several ways to find peers used as one: links from any of them feed the same swarm
// (the swarm's handshake drops a second link to a peer it already has).

import type { NetworkStatus, PeerLink, PeerNetwork } from '../ports.ts';

export class CombinedNetwork implements PeerNetwork {
  onLink: ((link: PeerLink) => void) | null = null;
  onStatus: ((status: NetworkStatus) => void) | null = null;
  onSwarmSize: ((viewers: number) => void) | null = null;
  private readonly statuses: Array<NetworkStatus | null>;
  private readonly sizes: number[];

  constructor(private readonly parts: readonly { name: string; network: PeerNetwork }[]) {
    this.statuses = parts.map(() => null);
    this.sizes = parts.map(() => 0);
    parts.forEach(({ network }, i) => {
      network.onLink = (link) => this.onLink?.(link);
      network.onSwarmSize = (viewers) => {
        this.sizes[i] = viewers;
        this.onSwarmSize?.(Math.max(...this.sizes));
      };
      network.onStatus = (status) => {
        this.statuses[i] = status;
        this.onStatus?.(this.summary());
      };
    });
  }

  join(swarmId: string, selfId: string): void {
    for (const { network } of this.parts) network.join(swarmId, selfId);
  }

  prepare(selfId: string): void {
    for (const { network } of this.parts) network.prepare?.(selfId);
  }

  connectSignaling(selfId: string): void {
    for (const { network } of this.parts) network.connectSignaling?.(selfId);
  }

  peek(swarmId: string): void {
    for (const { network } of this.parts) network.peek?.(swarmId);
  }

  setPeerLimit(limit: number): void {
    for (const { network } of this.parts) network.setPeerLimit?.(limit);
  }

  leave(): void {
    for (const { network } of this.parts) network.leave();
  }

  /** Online if any part is; the detail names each part's state. */
  private summary(): NetworkStatus {
    const detail = this.parts
      .map(({ name }, i) => {
        const s = this.statuses[i];
        return `${name}: ${s ? s.kind : 'starting'}${s && 'detail' in s && s.detail ? ` (${s.detail})` : ''}`;
      })
      .join('; ');
    const kinds = this.statuses.map((s) => s?.kind);
    if (kinds.every((k) => k === 'online')) return { kind: 'online', detail };
    if (kinds.some((k) => k === 'online')) return { kind: 'degraded', detail };
    if (kinds.some((k) => k === 'connecting' || k === undefined)) return { kind: 'connecting' };
    return { kind: 'offline', detail };
  }
}
