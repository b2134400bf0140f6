// Our uplink's rate, told to peers so the live split can weigh viewers by it (engine/live-share.ts):
// a viewer that uploads five times the bitrate relays a share to its neighbours in time, one at a
// tenth of it does not. A tiny `uplink` frame goes out when the rate moved by a fifth, at most every
// UPLINK_EVERY_MS, and only to peers whose hello says they read it. A peer's figure is its own
// claim: one that overstates it is given shares it may not relay, and its neighbours then take
// those from the origin at their deadline fallback, as for any peer that fails them; it costs
// origin bytes, never a stall.

import type { Clock } from '../ports.ts';
import { Capability, type Message, type UplinkMessage } from '../protocol/messages.ts';
import type { PeerSession } from './peer-session.ts';

export const UPLINK_EVERY_MS = 2000;
/** A change smaller than this fraction is not worth a frame. */
const CHANGE = 0.2;

export interface UplinkHost {
  readonly clock: Clock;
  readonly peers: ReadonlySet<PeerSession>;
  send(peer: PeerSession, message: Message): void;
}

export class UplinkSharing {
  private latest: number | null = null;
  private sent: number | null = null;
  private sentAt = Number.NEGATIVE_INFINITY;
  private timer: (() => void) | null = null;

  constructor(private readonly host: UplinkHost) {}

  /** What peers were told of our uplink, bytes per second (null: nothing yet): we weigh ourselves by it too. */
  get advertised(): number | null {
    return this.sent;
  }

  /** Our uplink's rate now, bytes per ms (null: not measured): peers hear of a real change. */
  update(bytesPerMs: number | null): void {
    if (bytesPerMs === null) return;
    this.latest = Math.min(Math.round(bytesPerMs * 1000), 0xffff_ffff);
    if (this.timer || !this.changed()) return;
    const wait = this.sentAt + UPLINK_EVERY_MS - this.host.clock.now();
    if (wait <= 0) this.broadcast();
    else
      this.timer = this.host.clock.setTimer(wait, () => {
        this.timer = null;
        this.broadcast();
      });
  }

  /** A peer finished its handshake: it hears our rate at once. */
  greet(peer: PeerSession): void {
    if (this.sent !== null && reads(peer)) this.host.send(peer, uplinkMessage(this.sent));
  }

  receive(peer: PeerSession, message: UplinkMessage): void {
    peer.uplinkBytesPerSecond = message.bytesPerSecond;
  }

  close(): void {
    this.timer?.();
    this.timer = null;
  }

  private changed(): boolean {
    const latest = this.latest;
    if (latest === null) return false;
    if (this.sent === null) return true;
    if (latest === 0 || this.sent === 0) return latest !== this.sent;
    return Math.abs(latest - this.sent) > CHANGE * this.sent;
  }

  private broadcast(): void {
    if (!this.changed()) return;
    const rate = this.latest!;
    this.sent = rate;
    this.sentAt = this.host.clock.now();
    for (const peer of this.host.peers)
      if (peer.ready && reads(peer)) this.host.send(peer, uplinkMessage(rate));
  }
}

function uplinkMessage(bytesPerSecond: number): UplinkMessage {
  return { type: 'uplink', bytesPerSecond };
}

function reads(peer: PeerSession): boolean {
  return (peer.capabilities & Capability.SHARES_UPLINK) !== 0;
}
