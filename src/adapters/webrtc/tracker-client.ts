// One WebSocket to one WebTorrent tracker for one swarm: announces with fresh offers, answers
// relayed offers, reconnects with exponential backoff. It never throws: trouble becomes a status.
// It may start before the swarm is known (the socket opens and the first offers gather while the
// player loads its playlist), and announces as soon as it is told the swarm; asked to peek
// before that, it scrapes the swarm's size so the join can offer at once.

import { randomOfferId, remoteIdOf } from './ids.ts';
import { type LinkPool, onceDescription } from './link-pool.ts';
import { countDisagrees, type LinkCounts, offerCount } from './offer-count.ts';
import {
  encodeAnnounce,
  encodeAnswer,
  encodeScrape,
  parseTrackerMessage,
  type TrackerEvent,
} from './tracker-messages.ts';

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

interface MadeOffer {
  offerId: string;
  sdp: string;
}

/**
 * An announce goes out this long after its first offer is ready, with the offers ready by then;
 * the rest follow in one more announce. Under load, ICE gathering of one batch spreads over
 * 0.3-1 s (bench:swarm live x4 traces), and a joiner's first peers are worth more than its fifth.
 */
const OFFER_GRACE_MS = 100;
/**
 * A tracker that has not told the swarm's size this long after an announce without offers is
 * announced to again with a full batch (every WebTorrent tracker we know of tells it at once).
 */
const COUNT_WAIT_MS = 1000;

/** Offers whose ICE is gathered; once taken, those gathered later go out in an announce of their own. */
interface OfferBatch {
  take(): MadeOffer[];
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
  /** Offers started while the socket opens (their SDP does not depend on the tracker). */
  private prepared: Promise<OfferBatch> | null = null;
  /** Viewers in the swarm by the tracker's last reply (us included); null until it told. */
  private viewers: number | null = null;
  /** Whether the first announce went without offers, to learn the swarm's size. */
  private askedCount = false;
  /** Set while that announce waits for the tracker to tell the size. */
  private countTimer: ReturnType<typeof setTimeout> | null = null;
  /** A swarm whose size was asked (scraped) before joining it; null if none. */
  private peekHash: string | null = null;
  /** `viewers` came from that scrape, taken while held: others may have joined since. */
  private scrapedCount = false;

  constructor(
    private readonly url: string,
    /** The swarm's info hash; null until `joinSwarm` (nothing is announced meanwhile). */
    private infoHash: string | null,
    private readonly peerId: string,
    private readonly pool: LinkPool,
    private readonly timing: TrackerTiming,
    /** Gather the first offers while the socket opens, before the swarm is named. */
    private readonly offersEarly: boolean,
    private readonly onState: (state: TrackerState) => void,
  ) {
    this.intervalMs = timing.maxAnnounceIntervalMs;
  }

  start(): void {
    this.connect();
  }

  /**
   * Before joining: asks the tracker how many viewers `infoHash` has (a scrape), so that the
   * join's first announce carries offers sized by that count. A tracker that does not answer
   * leaves the join to ask by announcing, as without this.
   */
  peekSwarm(infoHash: string): void {
    if (this.infoHash !== null || this.stopped) return;
    this.peekHash = infoHash;
    if (this.socket?.readyState === WebSocket.OPEN) this.send(encodeScrape(infoHash));
  }

  /** Names the swarm of a client started without one, and announces it once the socket is open. */
  joinSwarm(infoHash: string): void {
    if (this.infoHash !== null || this.stopped) return;
    this.infoHash = infoHash;
    if (this.peekHash !== infoHash) {
      this.viewers = null; // a count of another swarm
      this.scrapedCount = false;
    }
    if (this.socket?.readyState === WebSocket.OPEN) void this.announce('started');
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.announceTimer) clearTimeout(this.announceTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.countTimer) clearTimeout(this.countTimer);
    for (const offer of this.offers.values()) this.dropOffer(offer);
    this.offers.clear();
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    if (socket.readyState === WebSocket.OPEN && this.infoHash !== null) {
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
    // Gather ICE for the next announce while the socket opens: when asked to, or on a reconnect
    // (the swarm's size is known by then, so the batch is sized by it).
    if (this.offersEarly || this.viewers !== null) this.prepared ??= this.makeOffers(this.offerCount());
    socket.onopen = () => {
      this.failures = 0;
      this.onState({ kind: 'online' });
      if (this.infoHash !== null) void this.announce('started');
      else if (this.peekHash !== null) this.send(encodeScrape(this.peekHash));
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

  /** `reachAll`: offer to every other viewer the swarm counts, linked or not (see scheduleAnnounce). */
  private async announce(event?: TrackerEvent, reachAll = false): Promise<void> {
    if (this.stopped || this.announcing || this.infoHash === null) return;
    // Not knowing how many others there are, announce first without offers: each offer is a
    // WebRTC connection gathered for a peer that may not exist (a lone viewer made five) or
    // that we are linked to already. The reply's count sizes the batch (a round trip later).
    if (this.prepared === null && this.viewers === null && !this.askedCount) {
      this.askedCount = true;
      this.sendOffers([], event);
      this.countTimer = setTimeout(() => {
        this.countTimer = null;
        void this.announce();
      }, COUNT_WAIT_MS);
      return;
    }
    this.announcing = true;
    if (this.announceTimer) clearTimeout(this.announceTimer);
    const prepared = this.prepared;
    this.prepared = null;
    let made = (await (prepared ?? this.makeOffers(this.offerCount(reachAll)))).take();
    // Offers prepared long before the swarm was known may have expired meanwhile: make fresh ones.
    if (prepared && !made.some(({ offerId }) => this.offers.has(offerId)) && this.offerCount() > 0)
      made = (await this.makeOffers(this.offerCount())).take();
    this.announcing = false;
    if (this.stopped) return;
    this.sendOffers(made, event);
    this.scheduleAnnounce();
  }

  /** `reachAll`: count the viewers we are linked to as well (see scheduleAnnounce). */
  private offerCount(reachAll = false): number {
    return offerCount(this.linkCounts(), this.timing.offersPerAnnounce, reachAll);
  }

  private linkCounts(): LinkCounts {
    return {
      viewers: this.viewers,
      linked: this.pool.size,
      offersOut: this.offers.size,
      room: this.pool.room(),
      scraped: this.scrapedCount,
    };
  }

  /** Announces with the offers still pending (one may have expired meanwhile). */
  private sendOffers(made: MadeOffer[], event?: TrackerEvent): void {
    const offers = made.filter(({ offerId }) => this.offers.has(offerId));
    if (this.socket?.readyState !== WebSocket.OPEN || this.infoHash === null) {
      for (const { offerId } of offers) this.expireOffer(offerId);
      return; // the reconnect announces again
    }
    this.send(encodeAnnounce({ infoHash: this.infoHash, peerId: this.peerId, event, offers }));
  }

  /**
   * The next announce comes after the tracker's interval, or at the next look (every
   * minAnnounceIntervalMs) at which the links disagree with the swarm's count. Four viewers
   * joining at once were each told a count of the moment; the tracker hands an offer to a random
   * other viewer, so a pair could stay unlinked, and its viewers, each thinking itself linked to
   * everyone it counted, waited for the tracker's interval to hear again (e2e: up to 2 minutes).
   */
  private scheduleAnnounce(): void {
    if (this.announceTimer) clearTimeout(this.announceTimer);
    const dueAt = Date.now() + this.intervalMs;
    const look = () => {
      const left = dueAt - Date.now();
      if (left <= 0) return void this.announce();
      // The tracker hands each offer to a different random viewer, linked to us or not: only an
      // offer for every other viewer is sure to reach the unlinked one.
      if (countDisagrees(this.linkCounts())) return void this.announce(undefined, true);
      this.announceTimer = setTimeout(look, Math.min(left, this.timing.minAnnounceIntervalMs));
    };
    this.announceTimer = setTimeout(look, Math.min(this.intervalMs, this.timing.minAnnounceIntervalMs));
  }

  /**
   * Resolves OFFER_GRACE_MS after the first offer's ICE is gathered (or when all are, or at
   * offerGatherTimeoutMs) with the batch; offers gathered after it was taken follow, OFFER_GRACE_MS
   * apart at most, in announces of their own.
   */
  private makeOffers(count: number): Promise<OfferBatch> {
    const ready: MadeOffer[] = [];
    let taken = false;
    const batch: OfferBatch = {
      take: () => {
        taken = true;
        return ready.splice(0);
      },
    };
    if (count === 0) return Promise.resolve(batch);
    return new Promise((resolve) => {
      const waiting = new Set<string>();
      let grace: ReturnType<typeof setTimeout> | null = null;
      let flush: ReturnType<typeof setTimeout> | null = null;
      const release = () => {
        if (grace) clearTimeout(grace);
        resolve(batch);
      };
      const done = () => {
        clearTimeout(deadline);
        release();
        // Still gathering at the deadline: too late for any announce.
        for (const offerId of waiting) this.expireOffer(offerId);
        waiting.clear();
      };
      const deadline = setTimeout(done, this.timing.offerGatherTimeoutMs);
      for (let i = 0; i < count; i++) {
        const offerId = randomOfferId();
        const peer = this.pool.createPeer(true);
        if (!peer) continue;
        const timer = setTimeout(() => this.expireOffer(offerId), this.timing.offerTimeoutMs);
        this.offers.set(offerId, { peer, timer });
        waiting.add(offerId);
        onceDescription(peer, (sdp) => {
          if (!waiting.delete(offerId)) return; // given up on
          if (this.offers.has(offerId)) ready.push({ offerId, sdp });
          grace ??= setTimeout(release, OFFER_GRACE_MS);
          if (taken && flush === null)
            flush = setTimeout(() => {
              flush = null;
              if (!this.stopped) this.sendOffers(batch.take());
            }, OFFER_GRACE_MS);
          if (waiting.size === 0) done();
        });
      }
      if (waiting.size === 0) done();
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
    const infoHash = this.infoHash ?? this.peekHash;
    if (this.stopped || infoHash === null) return;
    const message = parseTrackerMessage(data, infoHash, this.peerId);
    if (!message) return;
    if (message.kind === 'count') {
      // Only for sizing the first offers: the swarm's own replies say more once joined. The
      // scraped count does not include us.
      if (this.viewers === null && infoHash === this.peekHash) {
        this.viewers = message.complete + message.incomplete + 1;
        this.scrapedCount = true;
      }
      return;
    }
    // Joined swarm only: before the join nothing else is addressed to us.
    if (this.infoHash === null) return;
    switch (message.kind) {
      case 'failure':
        this.onState({ kind: 'failed', detail: `tracker ${this.url}: ${message.reason}` });
        return;
      case 'reply': {
        const viewers = message.complete + message.incomplete;
        this.scrapedCount = false;
        if (viewers > 0) this.viewers = viewers;
        if (this.countTimer !== null && this.viewers !== null) {
          clearTimeout(this.countTimer);
          this.countTimer = null;
          if (this.offerCount() > 0) void this.announce();
        }
        const seconds = message.intervalSeconds;
        if (seconds === null) return;
        const { minAnnounceIntervalMs: min, maxAnnounceIntervalMs: max } = this.timing;
        this.intervalMs = Math.min(max, Math.max(min, seconds * 1000));
        this.onState({ kind: 'online', viewers });
        this.scheduleAnnounce();
        return;
      }
      case 'offer': {
        const remoteId = remoteIdOf(message.peerId);
        // Declined before a connection is made for it (a peer we are linked to offers again).
        if (!this.pool.wouldAdopt(remoteId, 'answerer')) return;
        const peer = this.pool.createPeer(false);
        if (!peer || !this.pool.adopt(peer, remoteId, 'answerer')) return;
        onceDescription(peer, (sdp) =>
          this.send(encodeAnswer(infoHash, this.peerId, message.peerId, message.offerId, sdp)),
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
