// One WebSocket to one WebTorrent tracker for one swarm: announces with fresh offers, answers
// relayed offers, reconnects with exponential backoff. It never throws: trouble becomes a status.

import { randomOfferId, remoteIdOf } from './ids.ts';
import { type LinkPool, onceDescription } from './link-pool.ts';
import { encodeAnnounce, encodeAnswer, parseTrackerMessage, type TrackerEvent } from './tracker-messages.ts';

/** `viewers`: the swarm's size in the tracker's last reply (complete + incomplete). */
export type TrackerState =
  | { kind: 'connecting' }
  | { kind: 'online'; viewers?: number }
  | { kind: 'failed'; detail: string };

export interface TrackerTiming {
  /** Offers made per announce (the tracker relays each to one other peer). */
  offersPerAnnounce: number;
  /** Bounds on the tracker's announce interval. */
  minAnnounceIntervalMs: number;
  maxAnnounceIntervalMs: number;
  /** An offer nobody answered within this time is dropped. */
  offerTimeoutMs: number;
  /** Time to gather ICE for a batch of offers before announcing without the slow ones. */
  offerGatherTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

interface PendingOffer {
  peer: import('simple-peer').Instance;
  timer: ReturnType<typeof setTimeout>;
}

export class TrackerClient {
  private socket: WebSocket | null = null;
  private stopped = false;
  private failures = 0;
  private intervalMs: number;
  private announceTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly offers = new Map<string, PendingOffer>();
  private announcing = false;

  constructor(
    private readonly url: string,
    private readonly infoHash: string,
    private readonly peerId: string,
    private readonly pool: LinkPool,
    private readonly timing: TrackerTiming,
    private readonly onState: (state: TrackerState) => void,
  ) {
    this.intervalMs = timing.maxAnnounceIntervalMs;
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.announceTimer) clearTimeout(this.announceTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const offer of this.offers.values()) this.dropOffer(offer);
    this.offers.clear();
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    if (socket.readyState === WebSocket.OPEN) {
      this.sendOn(
        socket,
        encodeAnnounce({ infoHash: this.infoHash, peerId: this.peerId, event: 'stopped', offers: [] }),
      );
    }
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close();
  }

  private connect(): void {
    if (this.stopped) return;
    // A retry after a failure stays 'failed' until it succeeds, so the status does not flap.
    if (this.failures === 0) this.onState({ kind: 'connecting' });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.fail(`cannot open ${this.url}: ${(error as Error).message}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      this.onState({ kind: 'online' });
      this.announce('started');
    };
    socket.onmessage = (event) => this.handleMessage(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.fail(`connection to ${this.url} closed (code ${event.code})`);
    };
    socket.onerror = () => {}; // a close event with the code follows
  }

  private fail(detail: string): void {
    if (this.stopped) return;
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.onState({ kind: 'failed', detail });
    const base = Math.min(this.timing.reconnectMaxMs, this.timing.reconnectMinMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    // Jitter so that a tracker restart is not met by every viewer in the same millisecond.
    const delay = base * (0.5 + Math.random() * 0.5);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private async announce(event?: TrackerEvent): Promise<void> {
    if (this.stopped || this.announcing) return;
    this.announcing = true;
    if (this.announceTimer) clearTimeout(this.announceTimer);
    const room = this.pool.room() - this.offers.size;
    const offers = await this.makeOffers(Math.max(0, Math.min(this.timing.offersPerAnnounce, room)));
    this.announcing = false;
    if (this.stopped) return;
    if (this.socket?.readyState !== WebSocket.OPEN) {
      for (const { offerId } of offers) this.expireOffer(offerId);
      return; // the reconnect announces again
    }
    this.send(encodeAnnounce({ infoHash: this.infoHash, peerId: this.peerId, event, offers }));
    this.scheduleAnnounce();
  }

  private scheduleAnnounce(): void {
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => void this.announce(), this.intervalMs);
  }

  private makeOffers(count: number): Promise<{ offerId: string; sdp: string }[]> {
    const made: { offerId: string; sdp: string }[] = [];
    if (count === 0) return Promise.resolve(made);
    return new Promise((resolve) => {
      let pending = count;
      let finished = false;
      const finish = () => {
        finished = true;
        clearTimeout(deadline);
        resolve(made);
      };
      const deadline = setTimeout(finish, this.timing.offerGatherTimeoutMs);
      for (let i = 0; i < count; i++) {
        const offerId = randomOfferId();
        const peer = this.pool.createPeer(true);
        if (!peer) {
          if (--pending === 0) finish();
          continue;
        }
        const timer = setTimeout(() => this.expireOffer(offerId), this.timing.offerTimeoutMs);
        this.offers.set(offerId, { peer, timer });
        onceDescription(peer, (sdp) => {
          if (finished) return this.expireOffer(offerId); // too late for this announce
          if (this.offers.has(offerId)) made.push({ offerId, sdp });
          if (--pending === 0) finish();
        });
      }
    });
  }

  private expireOffer(offerId: string): void {
    const offer = this.offers.get(offerId);
    if (!offer) return;
    this.offers.delete(offerId);
    this.dropOffer(offer);
  }

  private dropOffer(offer: PendingOffer): void {
    clearTimeout(offer.timer);
    offer.peer.destroy();
  }

  private handleMessage(data: unknown): void {
    if (this.stopped) return;
    const message = parseTrackerMessage(data, this.infoHash, this.peerId);
    if (!message) return;
    switch (message.kind) {
      case 'failure':
        this.onState({ kind: 'failed', detail: `tracker ${this.url}: ${message.reason}` });
        return;
      case 'reply': {
        const seconds = message.intervalSeconds;
        if (seconds === null) return;
        const { minAnnounceIntervalMs: min, maxAnnounceIntervalMs: max } = this.timing;
        this.intervalMs = Math.min(max, Math.max(min, seconds * 1000));
        this.onState({ kind: 'online', viewers: message.complete + message.incomplete });
        this.scheduleAnnounce();
        return;
      }
      case 'offer': {
        const peer = this.pool.createPeer(false);
        if (!peer || !this.pool.adopt(peer, remoteIdOf(message.peerId), 'answerer')) return;
        onceDescription(peer, (sdp) =>
          this.send(encodeAnswer(this.infoHash, this.peerId, message.peerId, message.offerId, sdp)),
        );
        signalSafely(peer, { type: 'offer', sdp: message.sdp });
        return;
      }
      case 'answer': {
        const offer = this.offers.get(message.offerId);
        if (!offer) return;
        this.offers.delete(message.offerId);
        clearTimeout(offer.timer);
        if (!this.pool.adopt(offer.peer, remoteIdOf(message.peerId), 'offerer')) return;
        signalSafely(offer.peer, { type: 'answer', sdp: message.sdp });
        return;
      }
    }
  }

  private send(text: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.sendOn(this.socket, text);
  }

  private sendOn(socket: WebSocket, text: string): void {
    try {
      socket.send(text);
    } catch {
      // The close event reports the broken socket.
    }
  }
}

/** simple-peer throws synchronously on a destroyed peer; a bad SDP surfaces as its 'error'. */
export function signalSafely(
  peer: import('simple-peer').Instance,
  description: RTCSessionDescriptionInit,
): void {
  try {
    peer.signal(description as import('simple-peer').SignalData);
  } catch (error) {
    peer.destroy(error as Error);
  }
}
