// Our uplink's rate, told to peers so the live split can weigh viewers by it (engine/weighted-share.ts):
// a viewer that uploads five times the bitrate relays a share to its neighbours in time, one at a
// tenth of it does not. A tiny `uplink` frame goes out when the rate moved by a fifth, and again
// every UPLINK_REFRESH_MS while it stays measured, at most every UPLINK_EVERY_MS, only to peers
// whose hello says they read it. A told rate lasts UPLINK_TTL_MS: a viewer whose uplink is no
// longer measured (it was given little to send) becomes "unknown" again for everyone instead of
// keeping a low figure that would keep it from being given more. A told 0 (not uploading) is a
// choice, not a measurement, and lasts until replaced.
//
// A peer's figure is its own claim: one that overstates it is given shares it may not relay, and
// its neighbours then take those from the origin at their deadline fallback, as for any peer that
// fails them; it costs origin bytes, never a stall.

import type { Clock } from '../ports.ts';
import { Capability, type Message, type UplinkMessage } from '../protocol/messages.ts';
import type { PeerSession } from './peer-session.ts';

export const UPLINK_EVERY_MS = 2000;
export const UPLINK_REFRESH_MS = 10_000;
export const UPLINK_TTL_MS = 30_000;
/** A change smaller than this fraction is not worth a frame before the refresh is due. */
const CHANGE = 0.2;

export interface UplinkHost {
  readonly clock: Clock;
  readonly peers: ReadonlySet<PeerSession>;
  send(peer: PeerSession, message: Message): void;
}

/** A peer's uplink rate as told, bytes per second, or null when not told or expired. */
export function toldUplink(peer: PeerSession, now: number): number | null {
  const told = peer.uplinkBytesPerSecond;
  if (told === null) return null;
  return told === 0 || now - peer.uplinkToldAt <= UPLINK_TTL_MS ? told : null;
}

/** Whether the peer's hello says it uploads. */
export function canUpload(peer: PeerSession): boolean {
  return (peer.capabilities & Capability.CAN_UPLOAD) !== 0;
}

/** What a peer can pass on, bytes per second: 0 if its hello says it does not upload, else its told rate. */
export function relayUplink(peer: PeerSession, now: number): number | null {
  return canUpload(peer) ? toldUplink(peer, now) : 0;
}

export class UplinkSharing {
  private latest: number | null = null;
  private sent: number | null = null;
  private sentAt = Number.NEGATIVE_INFINITY;
  private timer: (() => void) | null = null;

  constructor(private readonly host: UplinkHost) {}

  /** What peers hold of our uplink now, bytes per second (null: nothing, or expired): we weigh ourselves by it too. */
  get advertised(): number | null {
    if (this.sent === null) return null;
    return this.sent === 0 || this.host.clock.now() - this.sentAt <= UPLINK_TTL_MS ? this.sent : null;
  }

  /** Our uplink's rate now, bytes per ms (null: not measured lately): peers hear of a change, or a refresh. */
  update(bytesPerMs: number | null): void {
    this.latest = bytesPerMs === null ? null : Math.min(Math.round(bytesPerMs * 1000), 0xffff_ffff);
    if (this.timer || !this.worthSending()) return;
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
    const rate = this.advertised;
    if (rate !== null && reads(peer)) this.host.send(peer, uplinkMessage(rate));
  }

  receive(peer: PeerSession, message: UplinkMessage): void {
    peer.uplinkBytesPerSecond = message.bytesPerSecond;
    peer.uplinkToldAt = this.host.clock.now();
  }

  close(): void {
    this.timer?.();
    this.timer = null;
  }

  private worthSending(): boolean {
    const latest = this.latest;
    if (latest === null) return false;
    const sent = this.advertised;
    if (sent === null) return true;
    if (latest === 0 || sent === 0) return latest !== sent;
    return (
      Math.abs(latest - sent) > CHANGE * sent || this.host.clock.now() - this.sentAt >= UPLINK_REFRESH_MS
    );
  }

  private broadcast(): void {
    if (!this.worthSending()) return;
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
