// Delivery totals shared with peers, for a savings figure wider than one viewer. Tiny and rare: a
// `totals` frame is a few bytes, goes out at most every TOTALS_EVERY_MS and only when the figures
// changed, and only to peers whose hello says they read it. What peers report is untrusted: it is
// clamped to what a player could have received and only ever shown, never acted on.

import type { Clock } from '../ports.ts';
import { Capability, type Message, type TotalsMessage } from '../protocol/messages.ts';
import type { PeerSession } from './peer-session.ts';

/** Bytes a player received since its page loaded: in all, and of those from peers. */
export interface DeliveryTotals {
  delivered: number;
  fromPeers: number;
}

export const TOTALS_EVERY_MS = 5000;
const KB = 1000;
/** No player takes more than 10 MB/s (80 Mbit/s, above any HLS rendition): bounds a report's growth. */
const MAX_BYTES_PER_MS = 10_000;
/** A first report may cover a session of at most six hours at that rate. */
const FIRST_REPORT_MS = 6 * 3_600_000;

/** A peer's report as kept: clamped bytes and when it arrived. */
export interface PeerReport extends DeliveryTotals {
  at: number;
}

/**
 * Clamps a report: it may grow by at most MAX_BYTES_PER_MS since the previous one (a first one
 * by FIRST_REPORT_MS of that), and fromPeers never exceeds delivered. Falls are taken as they are.
 */
export function clampReport(previous: PeerReport | null, reported: DeliveryTotals, now: number): PeerReport {
  const room = previous ? Math.max(0, now - previous.at) : FIRST_REPORT_MS;
  const delivered = Math.min(reported.delivered, (previous?.delivered ?? 0) + room * MAX_BYTES_PER_MS);
  const fromPeers = Math.min(
    reported.fromPeers,
    (previous?.fromPeers ?? 0) + room * MAX_BYTES_PER_MS,
    delivered,
  );
  return { delivered, fromPeers, at: now };
}

export interface TotalsHost {
  readonly clock: Clock;
  readonly peers: ReadonlySet<PeerSession>;
  send(peer: PeerSession, message: Message): void;
}

export class TotalsSharing {
  private latest: TotalsMessage | null = null;
  private lastSent: TotalsMessage | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: (() => void) | null = null;

  constructor(private readonly host: TotalsHost) {}

  /** Our totals changed: peers hear within TOTALS_EVERY_MS. */
  update(totals: DeliveryTotals): void {
    const deliveredKB = Math.min(Math.floor(totals.delivered / KB), 0xffff_ffff);
    const fromPeersKB = Math.min(Math.floor(totals.fromPeers / KB), deliveredKB);
    this.latest = { type: 'totals', deliveredKB, fromPeersKB };
    if (this.timer) return;
    const wait = this.lastSentAt + TOTALS_EVERY_MS - this.host.clock.now();
    if (wait <= 0) this.broadcast();
    else
      this.timer = this.host.clock.setTimer(wait, () => {
        this.timer = null;
        this.broadcast();
      });
  }

  /** A peer finished its handshake: it hears our latest totals at once. */
  greet(peer: PeerSession): void {
    if (this.latest && reads(peer)) this.host.send(peer, this.latest);
  }

  /** A peer's own figures: kept, clamped, on its session. */
  receive(peer: PeerSession, message: TotalsMessage): void {
    const reported = { delivered: message.deliveredKB * KB, fromPeers: message.fromPeersKB * KB };
    peer.reported = clampReport(peer.reported, reported, this.host.clock.now());
  }

  close(): void {
    this.timer?.();
    this.timer = null;
  }

  private broadcast(): void {
    const latest = this.latest;
    if (
      !latest ||
      (latest.deliveredKB === this.lastSent?.deliveredKB && latest.fromPeersKB === this.lastSent.fromPeersKB)
    )
      return;
    this.lastSent = latest;
    this.lastSentAt = this.host.clock.now();
    for (const peer of this.host.peers) if (peer.ready && reads(peer)) this.host.send(peer, latest);
  }
}

function reads(peer: PeerSession): boolean {
  return (peer.capabilities & Capability.SHARES_TOTALS) !== 0;
}
