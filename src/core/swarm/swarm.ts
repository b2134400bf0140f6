// The mesh of one content: handshakes, who holds what, shard requests both ways, the
// upload cap, and bans. It moves verified bytes only: what it receives goes to the engine
// for verification before anything else sees it.

import type { ShoalConfig } from '../config.ts';
import { Emitter } from '../events.ts';
import type { Clock, PeerLink } from '../ports.ts';
import { decodeMessage, encodeMessage } from '../protocol/codec.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { MAX_REQUEST_ID, MAX_REQUEST_WITHIN_MS, PROTOCOL_VERSION } from '../protocol/limits.ts';
import {
  type AbsentReason,
  type ByeReason,
  Capability,
  type Message,
  type RequestMessage,
  type SegmentHoldings,
  type SegmentRef,
} from '../protocol/messages.ts';
import { newsFor } from './have-news.ts';
import { helloRefusal } from './hello-rules.ts';
import { PeerSession, pendingKey } from './peer-session.ts';
import { TokenBucket } from './token-bucket.ts';
import { UplinkQueue } from './uplink-queue.ts';

/** What the swarm needs from the engine. */
export interface SwarmSource {
  /** Everything this viewer holds and may serve, for a new peer's first `have`. */
  localHoldings(): SegmentHoldings[];
  /** A verified shard to upload, or undefined. */
  readShard(ref: SegmentRef, index: number): Promise<Uint8Array | undefined>;
  /** The segment's coding: `k` shards rebuild it, each `shardSize` bytes; undefined if unknown. */
  params(ref: SegmentRef): { k: number; shardSize: number } | undefined;
}

/** A shard a peer asked of us, waiting for the uplink. */
interface Upload {
  peer: PeerSession;
  requestId: number;
  ref: SegmentRef;
  index: number;
}

export interface SwarmEvents {
  'peer-ready': PeerSession;
  'peer-gone': { peer: PeerSession; reason: string };
  holdings: { peer: PeerSession; refs: SegmentRef[] };
  shard: { peer: PeerSession; ref: SegmentRef; index: number; data: Uint8Array; elapsedMs: number };
  absent: { peer: PeerSession; ref: SegmentRef; indices: readonly number[] };
  ban: { peerId: string; reason: string };
  upload: { peer: PeerSession; bytes: number };
  'protocol-error': { peerId: string; reason: string };
}

const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Holdings news peers wait for goes out within a tick (several shards to a have-delta). */
const HAVE_PROMPT_MS = 20;
/** A request that states no deadline (older peers) is served within this or refused 'busy'. */
const UNSTATED_WITHIN_MS = 2500;
/** After a 'busy', the peer is not asked again for this long: its uplink is full. */
const BUSY_BACKOFF_MS = 500;

export class Swarm {
  readonly events: Emitter<SwarmEvents>;
  private readonly peers = new Set<PeerSession>();
  private readonly banned = new Set<string>();
  private readonly bucket: TokenBucket;
  private readonly uplink: UplinkQueue<Upload>;
  /**
   * Shard payload bytes handed to the links: less what they still buffer, what left the uplink.
   * Headers and control frames are left out: a percent of the bytes, and the rate is for shards.
   */
  private handedBytes = 0;
  private pumping = false;
  private wakeTimer: (() => void) | null = null;
  private nextRequestId = 1;
  private uploadEnabled: boolean;
  private pendingDelta: {
    added: Map<string, { ref: SegmentRef; indices: Set<number> }>;
    dropped: SegmentRef[];
  } = {
    added: new Map(),
    dropped: [],
  };
  private deltaTimer: (() => void) | null = null;
  private deltaDueAt = 0;

  constructor(
    readonly swarmId: string,
    readonly selfId: string,
    private readonly config: ShoalConfig,
    private readonly clock: Clock,
    private readonly source: SwarmSource,
    onListenerError: (error: unknown) => void,
  ) {
    this.events = new Emitter(onListenerError);
    this.bucket = new TokenBucket(config.uploadBytesPerSecond, config.uploadTotalBytes, clock.now());
    this.uplink = new UplinkQueue(config.uploadBytesPerSecond / 1000);
    this.uploadEnabled = !config.downloadOnly;
  }

  /** Turns uploading on or off (metered connection, user switch). */
  setUploadEnabled(enabled: boolean): void {
    this.uploadEnabled = enabled && !this.config.downloadOnly;
  }

  get uploading(): boolean {
    return this.uploadEnabled;
  }

  readyPeers(): PeerSession[] {
    return [...this.peers].filter((p) => p.ready);
  }

  isBanned(id: string): boolean {
    return this.banned.has(id);
  }

  addLink(link: PeerLink): void {
    if (this.banned.has(link.remoteId) || this.peers.size >= this.config.maxPeers) {
      link.close(this.banned.has(link.remoteId) ? 'banned' : 'too many peers');
      return;
    }
    const peer = new PeerSession(link, this.clock.now());
    this.peers.add(peer);
    link.onFrame = (frame) => this.onFrame(peer, frame);
    link.onClose = (reason) => this.forget(peer, reason);
    link.onDrain = () => void this.pumpUploads();
    this.send(peer, {
      type: 'hello',
      maxVersion: PROTOCOL_VERSION,
      swarmId: this.swarmId,
      peerId: this.selfId,
      capabilities: (this.uploadEnabled ? Capability.CAN_UPLOAD : 0) | Capability.REQUEST_DEADLINES,
    });
    this.clock.setTimer(HANDSHAKE_TIMEOUT_MS, () => {
      if (!peer.ready && this.peers.has(peer)) this.drop(peer, 'incompatible', 'no hello in time');
    });
  }

  /**
   * Asks `peer` for shards of one segment; returns the request id. `withinMs`: when we give up
   * on them (the peer refuses at once if its uplink cannot make it).
   */
  request(
    peer: PeerSession,
    ref: SegmentRef,
    indices: number[],
    shardSize: number,
    withinMs = Number.POSITIVE_INFINITY,
  ): number {
    const requestId = this.nextRequestId;
    this.nextRequestId = this.nextRequestId >= MAX_REQUEST_ID ? 1 : this.nextRequestId + 1;
    const now = this.clock.now();
    for (const index of indices)
      peer.pending.set(pendingKey(requestId, ref, index), {
        requestId,
        ref,
        index,
        sentAt: now,
        bytes: shardSize,
      });
    peer.lastActivity = now;
    const message: RequestMessage = {
      type: 'request',
      requestId,
      items: [{ segment: ref, indices: [...indices].sort((a, b) => a - b) }],
    };
    const states = (peer.capabilities & Capability.REQUEST_DEADLINES) !== 0 && Number.isFinite(withinMs);
    // The peer counts from when the request reaches it, and the request first waits behind the
    // shards we are sending that peer on the same ordered link.
    const behind = this.uplink.rate.known ? peer.link.bufferedBytes() / this.uplink.rate.bytesPerMs : 0;
    const within = Math.round(Math.min(Math.max(withinMs - behind, 1), MAX_REQUEST_WITHIN_MS));
    this.send(peer, states ? { ...message, withinMs: within } : message);
    return requestId;
  }

  /** Withdraws one pending shard request. */
  cancel(peer: PeerSession, requestId: number, ref: SegmentRef, index: number): void {
    if (!peer.pending.delete(pendingKey(requestId, ref, index))) return;
    this.send(peer, { type: 'cancel', requestId, items: [{ segment: ref, indices: [index] }] });
  }

  /**
   * Tells every peer we now hold these shards, batched into one have-delta: within a tick when
   * `prompt` (news peers wait for), else within `announceHoldMs`: each have-delta wakes the
   * planner of every peer.
   */
  announce(ref: SegmentRef, indices: readonly number[], prompt = true): void {
    const key = `${ref.rendition}:${ref.sequence}`;
    let entry = this.pendingDelta.added.get(key);
    if (!entry) {
      entry = { ref, indices: new Set() };
      this.pendingDelta.added.set(key, entry);
    }
    for (const index of indices) entry.indices.add(index);
    this.scheduleDelta(prompt ? HAVE_PROMPT_MS : Math.max(this.config.announceHoldMs, HAVE_PROMPT_MS));
  }

  /** Tells every peer we dropped a segment. */
  withdraw(ref: SegmentRef): void {
    this.pendingDelta.added.delete(`${ref.rendition}:${ref.sequence}`);
    this.pendingDelta.dropped.push(ref);
    this.scheduleDelta(Math.max(this.config.announceHoldMs, HAVE_PROMPT_MS));
  }

  /** Bans a peer for the session: it sent a shard that failed verification, or broke the protocol. */
  ban(peer: PeerSession, reason: string): void {
    this.banned.add(peer.id);
    this.banned.add(peer.link.remoteId);
    this.events.emit('ban', { peerId: peer.id, reason });
    this.drop(peer, reason.startsWith('protocol violation') ? 'protocol-error' : 'banned', reason);
  }

  close(): void {
    this.deltaTimer?.();
    this.wakeTimer?.();
    for (const peer of [...this.peers]) this.drop(peer, 'leaving', 'leaving');
  }

  /** Sends the pending have-delta within `delayMs` (or sooner, if already due sooner). */
  private scheduleDelta(delayMs: number): void {
    const dueAt = this.clock.now() + delayMs;
    if (this.deltaTimer && this.deltaDueAt <= dueAt) return;
    this.deltaTimer?.();
    this.deltaDueAt = dueAt;
    this.deltaTimer = this.clock.setTimer(delayMs, () => {
      this.deltaTimer = null;
      const added = [...this.pendingDelta.added.values()].map((e) => ({
        segment: e.ref,
        indices: [...e.indices].sort((a, b) => a - b),
      }));
      const dropped = this.pendingDelta.dropped;
      this.pendingDelta = { added: new Map(), dropped: [] };
      if (added.length === 0 && dropped.length === 0) return;
      const k = (ref: SegmentRef) => this.source.params(ref)?.k;
      for (const peer of this.peers) {
        if (!peer.ready) continue;
        const news = newsFor(peer, added, k);
        if (news.length > 0 || dropped.length > 0)
          this.send(peer, { type: 'have-delta', added: news, dropped });
      }
    });
  }

  private onFrame(peer: PeerSession, frame: Uint8Array): void {
    let message: Message;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : String(error);
      this.events.emit('protocol-error', { peerId: peer.id, reason });
      this.ban(peer, `protocol violation: ${reason}`);
      return;
    }
    if (!peer.ready && message.type !== 'hello' && message.type !== 'bye') {
      this.ban(peer, `protocol violation: ${message.type} before hello`);
      return;
    }
    this.dispatch(peer, message);
  }

  private dispatch(peer: PeerSession, message: Message): void {
    switch (message.type) {
      case 'hello':
        this.onHello(peer, message.swarmId, message.peerId, message.capabilities);
        return;
      case 'have': {
        peer.holdings.clear();
        peer.holdingsKnown = true;
        for (const h of message.segments) peer.setHolding(h.segment, h.bitmap);
        this.events.emit('holdings', { peer, refs: message.segments.map((h) => h.segment) });
        return;
      }
      case 'have-delta': {
        const now = this.clock.now();
        for (const a of message.added) {
          peer.addShards(a.segment, a.indices);
          peer.noteProgress(a.segment, now);
        }
        for (const ref of message.dropped) peer.dropSegment(ref);
        this.events.emit('holdings', { peer, refs: message.added.map((a) => a.segment) });
        return;
      }
      case 'request':
        this.onRequest(peer, message);
        return;
      case 'shard':
        this.onShard(peer, message.requestId, message.segment, message.index, message.payload);
        return;
      case 'cancel': {
        const items = message.items;
        this.uplink.remove(
          (u) =>
            u.peer === peer &&
            u.requestId === message.requestId &&
            (items === undefined ||
              items.some(
                (i) =>
                  i.segment.rendition === u.ref.rendition &&
                  i.segment.sequence === u.ref.sequence &&
                  i.indices.includes(u.index),
              )),
        );
        return;
      }
      case 'absent': {
        for (const index of message.indices)
          peer.pending.delete(pendingKey(message.requestId, message.segment, index));
        if (message.reason === 'absent') peer.removeShards(message.segment, message.indices);
        if (message.reason === 'busy') peer.busyUntil = this.clock.now() + BUSY_BACKOFF_MS;
        this.events.emit('absent', { peer, ref: message.segment, indices: message.indices });
        return;
      }
      case 'bye':
        this.forget(peer, `peer left: ${message.reason}`);
        peer.link.close(message.reason);
        return;
    }
  }

  private onHello(peer: PeerSession, swarmId: string, peerId: string, capabilities: number): void {
    const context = { swarmId: this.swarmId, selfId: this.selfId, banned: this.banned, peers: this.peers };
    const refusal = helloRefusal(context, peer, swarmId, peerId);
    if (refusal) {
      this.drop(peer, refusal[0], refusal[1]);
      return;
    }
    peer.peerId = peerId;
    peer.capabilities = capabilities;
    const segments = this.source.localHoldings();
    for (let i = 0; i < segments.length; i += 1024)
      this.send(peer, { type: 'have', segments: segments.slice(i, i + 1024) });
    if (segments.length === 0) this.send(peer, { type: 'have', segments: [] });
    this.events.emit('peer-ready', peer);
  }

  private onShard(
    peer: PeerSession,
    requestId: number,
    ref: SegmentRef,
    index: number,
    payload: Uint8Array,
  ): void {
    const key = pendingKey(requestId, ref, index);
    const pending = peer.pending.get(key);
    if (!pending) {
      // Late answers to a cancelled request are normal; an id we never issued is a peer pushing data.
      if (requestId === 0 || requestId >= this.nextRequestId)
        this.ban(peer, 'protocol violation: unsolicited shard');
      return;
    }
    peer.pending.delete(key);
    const now = this.clock.now();
    const elapsedMs = now - pending.sentAt;
    peer.downRate.add(payload.length, elapsedMs);
    peer.rttMs = peer.rttMs === 0 ? elapsedMs : peer.rttMs * 0.8 + elapsedMs * 0.2;
    peer.bytesDown += payload.length;
    peer.shardsTaken += 1;
    peer.lastActivity = now;
    this.events.emit('shard', { peer, ref, index, data: payload.slice(), elapsedMs });
  }

  /**
   * Queues a peer's request on the uplink, or refuses at once what the uplink cannot deliver
   * before the asker gives up: it then asks someone else while there is still time.
   */
  private onRequest(peer: PeerSession, message: RequestMessage): void {
    const now = this.clock.now();
    const dueAt = now + (message.withinMs ?? UNSTATED_WITHIN_MS);
    const backlog = this.backlog();
    this.uplink.rate.observe(now, this.handedBytes, backlog);
    for (const { segment: ref, indices } of message.items) {
      if (!this.uploadEnabled) {
        this.refuse(peer, message.requestId, ref, indices, 'choked');
        continue;
      }
      const bytes = this.source.params(ref)?.shardSize ?? 0;
      const busy: number[] = [];
      for (const index of indices) {
        const item = { peer, requestId: message.requestId, ref, index };
        if (!this.uplink.offer({ item, bytes, dueAt }, now, backlog)) busy.push(index);
      }
      if (busy.length > 0) this.refuse(peer, message.requestId, ref, busy, 'busy');
    }
    void this.pumpUploads();
  }

  /** Bytes waiting in all links: they share one uplink. */
  private backlog(): number {
    let total = 0;
    for (const peer of this.peers) total += peer.link.bufferedBytes();
    return total;
  }

  /** Hands queued shards to the links while they have room; refuses those that became too late. */
  private async pumpUploads(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let backlog = 0;
    try {
      for (;;) {
        const now = this.clock.now();
        backlog = this.backlog();
        this.uplink.rate.observe(now, this.handedBytes, backlog);
        for (const { item } of this.uplink.shed(now, backlog)) this.refuseOne(item, 'busy');
        const job = this.uplink.next(backlog);
        if (!job) break;
        const item = job.item;
        if (!this.peers.has(item.peer)) continue;
        const data = this.uploadEnabled ? await this.source.readShard(item.ref, item.index) : undefined;
        if (!this.peers.has(item.peer)) continue;
        if (!data) {
          this.refuseOne(item, this.uploadEnabled ? 'absent' : 'choked');
          continue;
        }
        if (!this.bucket.take(data.length, this.clock.now())) {
          this.refuseOne(item, 'busy');
          continue;
        }
        this.send(item.peer, {
          type: 'shard',
          requestId: item.requestId,
          segment: item.ref,
          index: item.index,
          payload: data,
        });
        this.handedBytes += data.length;
        item.peer.bytesUp += data.length;
        item.peer.shardsGiven += 1;
        this.events.emit('upload', { peer: item.peer, bytes: data.length });
      }
    } finally {
      this.pumping = false;
    }
    this.wakeForUplink(backlog);
  }

  /** Pumps again once the links (holding `backlog` now) have drained enough for the next shard. */
  private wakeForUplink(backlog: number): void {
    this.wakeTimer?.();
    this.wakeTimer = null;
    const wait = this.uplink.wakeInMs(backlog);
    if (!Number.isFinite(wait)) return;
    this.wakeTimer = this.clock.setTimer(Math.max(wait, 1), () => {
      this.wakeTimer = null;
      void this.pumpUploads();
    });
  }

  private refuseOne(item: Upload, reason: AbsentReason): void {
    this.refuse(item.peer, item.requestId, item.ref, [item.index], reason);
  }

  private refuse(
    peer: PeerSession,
    requestId: number,
    segment: SegmentRef,
    indices: readonly number[],
    reason: AbsentReason,
  ): void {
    if (!this.peers.has(peer)) return;
    this.send(peer, { type: 'absent', requestId, segment, indices, reason });
  }

  private send(peer: PeerSession, message: Message): void {
    peer.link.send(encodeMessage(message));
  }

  private drop(peer: PeerSession, bye: ByeReason, reason: string): void {
    if (!this.peers.has(peer)) return;
    try {
      this.send(peer, { type: 'bye', reason: bye });
    } catch {
      // The link may already be gone.
    }
    this.forget(peer, reason);
    peer.link.close(reason);
  }

  private forget(peer: PeerSession, reason: string): void {
    if (!this.peers.delete(peer)) return;
    this.uplink.remove((u) => u.peer === peer);
    // What it still buffered will never leave through it: not counted as sent.
    this.handedBytes -= peer.link.bufferedBytes();
    peer.link.onFrame = null;
    peer.link.onDrain = null;
    this.events.emit('peer-gone', { peer, reason });
  }
}
