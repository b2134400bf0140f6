// The mesh of one content: handshakes, who holds what, shard requests both ways, the
// upload cap, and bans. It moves verified bytes only: what it receives goes to the engine
// for verification before anything else sees it.

import type { ShoalConfig } from '../config.ts';
import { Emitter } from '../events.ts';
import type { Clock, PeerLink } from '../ports.ts';
import { decodeMessage, encodeMessage } from '../protocol/codec.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { MAX_REQUEST_ID, PROTOCOL_VERSION } from '../protocol/limits.ts';
import {
  type AbsentReason,
  type ByeReason,
  Capability,
  type Message,
  type SegmentHoldings,
  type SegmentRef,
} from '../protocol/messages.ts';
import { helloRefusal } from './hello-rules.ts';
import { PeerSession, pendingKey, type UploadItem } from './peer-session.ts';
import { TokenBucket } from './token-bucket.ts';

/** What the swarm needs from the engine. */
export interface SwarmSource {
  /** Everything this viewer holds and may serve, for a new peer's first `have`. */
  localHoldings(): SegmentHoldings[];
  /** A verified shard to upload, or undefined. */
  readShard(ref: SegmentRef, index: number): Promise<Uint8Array | undefined>;
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
/**
 * Stop queuing upload shards once this much waits on a link: a deep queue on a slow uplink
 * delivers shards after the requester has given up on them.
 */
const UPLOAD_HIGH_WATER = 256 * 1024;
/** A request that waited this long for the uplink is answered "busy": the asker goes elsewhere. */
const UPLOAD_MAX_WAIT_MS = 1500;

export class Swarm {
  readonly events: Emitter<SwarmEvents>;
  private readonly peers = new Set<PeerSession>();
  private readonly banned = new Set<string>();
  private readonly bucket: TokenBucket;
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
    link.onDrain = () => void this.pumpUploads(peer);
    this.send(peer, {
      type: 'hello',
      maxVersion: PROTOCOL_VERSION,
      swarmId: this.swarmId,
      peerId: this.selfId,
      capabilities: this.uploadEnabled ? Capability.CAN_UPLOAD : 0,
    });
    this.clock.setTimer(HANDSHAKE_TIMEOUT_MS, () => {
      if (!peer.ready && this.peers.has(peer)) this.drop(peer, 'incompatible', 'no hello in time');
    });
  }

  /** Asks `peer` for shards of one segment; returns the request id. */
  request(peer: PeerSession, ref: SegmentRef, indices: number[], shardSize: number): number {
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
    this.send(peer, {
      type: 'request',
      requestId,
      items: [{ segment: ref, indices: [...indices].sort((a, b) => a - b) }],
    });
    return requestId;
  }

  /** Withdraws one pending shard request. */
  cancel(peer: PeerSession, requestId: number, ref: SegmentRef, index: number): void {
    if (!peer.pending.delete(pendingKey(requestId, ref, index))) return;
    this.send(peer, { type: 'cancel', requestId, items: [{ segment: ref, indices: [index] }] });
  }

  /** Tells every peer we now hold these shards (batched into one have-delta per tick). */
  announce(ref: SegmentRef, indices: readonly number[]): void {
    const key = `${ref.rendition}:${ref.sequence}`;
    let entry = this.pendingDelta.added.get(key);
    if (!entry) {
      entry = { ref, indices: new Set() };
      this.pendingDelta.added.set(key, entry);
    }
    for (const index of indices) entry.indices.add(index);
    this.scheduleDelta();
  }

  /** Tells every peer we dropped a segment. */
  withdraw(ref: SegmentRef): void {
    this.pendingDelta.added.delete(`${ref.rendition}:${ref.sequence}`);
    this.pendingDelta.dropped.push(ref);
    this.scheduleDelta();
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
    for (const peer of [...this.peers]) this.drop(peer, 'leaving', 'leaving');
  }

  private scheduleDelta(): void {
    if (this.deltaTimer) return;
    this.deltaTimer = this.clock.setTimer(20, () => {
      this.deltaTimer = null;
      const added = [...this.pendingDelta.added.values()].map((e) => ({
        segment: e.ref,
        indices: [...e.indices].sort((a, b) => a - b),
      }));
      const dropped = this.pendingDelta.dropped;
      this.pendingDelta = { added: new Map(), dropped: [] };
      if (added.length === 0 && dropped.length === 0) return;
      for (const peer of this.peers) if (peer.ready) this.send(peer, { type: 'have-delta', added, dropped });
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
        for (const item of message.items)
          for (const index of item.indices)
            peer.uploads.push({
              requestId: message.requestId,
              ref: item.segment,
              index,
              at: this.clock.now(),
            });
        void this.pumpUploads(peer);
        return;
      case 'shard':
        this.onShard(peer, message.requestId, message.segment, message.index, message.payload);
        return;
      case 'cancel': {
        const items = message.items;
        const keep = (u: { requestId: number; ref: SegmentRef; index: number }) =>
          u.requestId !== message.requestId ||
          (items !== undefined &&
            !items.some(
              (i) =>
                i.segment.rendition === u.ref.rendition &&
                i.segment.sequence === u.ref.sequence &&
                i.indices.includes(u.index),
            ));
        const kept = peer.uploads.filter(keep);
        peer.uploads.length = 0;
        peer.uploads.push(...kept);
        return;
      }
      case 'absent': {
        for (const index of message.indices)
          peer.pending.delete(pendingKey(message.requestId, message.segment, index));
        if (message.reason === 'absent') peer.removeShards(message.segment, message.indices);
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

  private pumping = new WeakSet<PeerSession>();

  /** Serves queued requests while the link has room and the cap allows. */
  private async pumpUploads(peer: PeerSession): Promise<void> {
    if (this.pumping.has(peer)) return;
    this.pumping.add(peer);
    try {
      while (
        peer.uploads.length > 0 &&
        this.peers.has(peer) &&
        peer.link.bufferedBytes() < UPLOAD_HIGH_WATER
      ) {
        const item = peer.uploads.shift()!;
        if (this.clock.now() - item.at > UPLOAD_MAX_WAIT_MS) {
          this.refuse(peer, item, 'busy');
          continue;
        }
        const data = this.uploadEnabled ? await this.source.readShard(item.ref, item.index) : undefined;
        if (!this.peers.has(peer)) return;
        if (!data) {
          this.refuse(peer, item, this.uploadEnabled ? 'absent' : 'choked');
          continue;
        }
        if (!this.bucket.take(data.length, this.clock.now())) {
          this.refuse(peer, item, 'busy');
          continue;
        }
        this.send(peer, {
          type: 'shard',
          requestId: item.requestId,
          segment: item.ref,
          index: item.index,
          payload: data,
        });
        peer.bytesUp += data.length;
        peer.shardsGiven += 1;
        this.events.emit('upload', { peer, bytes: data.length });
      }
    } finally {
      this.pumping.delete(peer);
    }
  }

  private refuse(peer: PeerSession, item: UploadItem, reason: AbsentReason): void {
    this.send(peer, {
      type: 'absent',
      requestId: item.requestId,
      segment: item.ref,
      indices: [item.index],
      reason,
    });
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
    peer.link.onFrame = null;
    peer.link.onDrain = null;
    this.events.emit('peer-gone', { peer, reason });
  }
}
