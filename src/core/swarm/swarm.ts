// The mesh of one content: handshakes, who holds what, shard requests both ways, and bans.
// Our uploads are the Uploader's, our holdings news the HoldingsAnnouncer's. It moves verified
// bytes only: what it receives goes to the engine for verification before anything else sees it.

import type { ShoalConfig } from '../config.ts';
import { Emitter } from '../events.ts';
import type { Clock, PeerLink } from '../ports.ts';
import { decodeMessage, encodeMessage } from '../protocol/codec.ts';
import { ProtocolError } from '../protocol/errors.ts';
import { MAX_REQUEST_ID, MAX_REQUEST_WITHIN_MS, PROTOCOL_VERSION } from '../protocol/limits.ts';
import {
  type ByeReason,
  Capability,
  type Message,
  type RequestMessage,
  type SegmentHoldings,
  type SegmentRef,
} from '../protocol/messages.ts';
import { BusyRatio } from './busy-ratio.ts';
import { helloRefusal } from './hello-rules.ts';
import { HoldingsAnnouncer } from './holdings-announcer.ts';
import { PeerSession, pendingKey } from './peer-session.ts';
import { type DeliveryTotals, TotalsSharing } from './totals-sharing.ts';
import { UplinkSharing } from './uplink-sharing.ts';
import { Uploader } from './uploader.ts';

/** What the swarm needs from the engine. */
export interface SwarmSource {
  /** Everything this viewer holds and may serve, for a new peer's first `have`. */
  localHoldings(): SegmentHoldings[];
  /** A verified shard to upload, or undefined. */
  readShard(ref: SegmentRef, index: number): Promise<Uint8Array | undefined>;
  /** The segment's coding: `k` shards rebuild it, each `shardSize` bytes; undefined if unknown. */
  params(ref: SegmentRef): { k: number; shardSize: number } | undefined;
}

export interface SwarmEvents {
  'peer-ready': PeerSession;
  'peer-gone': { peer: PeerSession; reason: string };
  /** `first`: the peer's first word on what it holds (until then, its holdings were unknown). */
  holdings: { peer: PeerSession; refs: SegmentRef[]; first: boolean };
  shard: { peer: PeerSession; ref: SegmentRef; index: number; data: Uint8Array; elapsedMs: number };
  absent: { peer: PeerSession; ref: SegmentRef; indices: readonly number[] };
  ban: { peerId: string; reason: string };
  upload: { peer: PeerSession; bytes: number };
  'protocol-error': { peerId: string; reason: string };
}

const HANDSHAKE_TIMEOUT_MS = 10_000;
/** After a 'busy', the peer is not asked again for this long: its uplink is full. */
const BUSY_BACKOFF_MS = 500;

export class Swarm {
  readonly events: Emitter<SwarmEvents>;
  private readonly peers = new Set<PeerSession>();
  /** The ready peers, listed again only after a handshake or a departure (read on every plan). */
  private ready: readonly PeerSession[] | null = null;
  private readonly banned = new Set<string>();
  private readonly uploader: Uploader;
  private readonly announcer: HoldingsAnnouncer;
  private readonly totals: TotalsSharing;
  private readonly uplinkSharing: UplinkSharing;
  private nextRequestId = 1;
  private readonly busyRatio = new BusyRatio();
  private peerLimit: number;

  constructor(
    readonly swarmId: string,
    readonly selfId: string,
    config: ShoalConfig,
    private readonly clock: Clock,
    private readonly source: SwarmSource,
    onListenerError: (error: unknown) => void,
  ) {
    this.events = new Emitter(onListenerError);
    this.peerLimit = config.maxPeers;
    const send = (peer: PeerSession, message: Message) => this.send(peer, message);
    this.uploader = new Uploader(config, {
      clock,
      peers: this.peers,
      readShard: (ref, index) => source.readShard(ref, index),
      shardSize: (ref) => source.params(ref)?.shardSize,
      send,
      onUpload: (peer, bytes) => {
        peer.bytesUp += bytes;
        peer.shardsGiven += 1;
        this.events.emit('upload', { peer, bytes });
      },
    });
    this.announcer = new HoldingsAnnouncer(
      { clock, peers: this.peers, k: (ref) => source.params(ref)?.k, send },
      config.announceHoldMs,
    );
    this.totals = new TotalsSharing({ clock, peers: this.peers, send });
    this.uplinkSharing = new UplinkSharing({ clock, peers: this.peers, send });
  }

  /** Turns uploading on or off (metered connection, user switch). */
  setUploadEnabled(enabled: boolean): void {
    this.uploader.setEnabled(enabled);
    this.uplinkSharing.update(this.uploader.uplinkEstimate());
  }

  /** Our uplink's rate as peers were told it, bytes per second (null: not yet measured). */
  get advertisedUplink(): number | null {
    return this.uplinkSharing.advertised;
  }

  /** The share of shards we asked for lately that peers refused 'busy' (busy-ratio.ts). */
  busyShare(): number {
    return this.busyRatio.ratio(this.clock.now());
  }

  /** The most peers taken at once (peer-budget.ts); peers beyond a lowered limit stay. */
  setPeerLimit(limit: number): void {
    this.peerLimit = limit;
  }

  get uploading(): boolean {
    return this.uploader.enabled;
  }

  readyPeers(): readonly PeerSession[] {
    this.ready ??= [...this.peers].filter((p) => p.ready);
    return this.ready;
  }

  isBanned(id: string): boolean {
    return this.banned.has(id);
  }

  addLink(link: PeerLink): void {
    if (this.banned.has(link.remoteId) || this.peers.size >= this.peerLimit) {
      link.close(this.banned.has(link.remoteId) ? 'banned' : 'too many peers');
      return;
    }
    const peer = new PeerSession(link, this.clock.now());
    this.peers.add(peer);
    link.onFrame = (frame) => this.onFrame(peer, frame);
    link.onClose = (reason) => this.forget(peer, reason);
    link.onDrain = () => void this.uploader.pump();
    this.send(peer, {
      type: 'hello',
      maxVersion: PROTOCOL_VERSION,
      swarmId: this.swarmId,
      peerId: this.selfId,
      capabilities:
        (this.uploader.enabled ? Capability.CAN_UPLOAD : 0) |
        Capability.REQUEST_DEADLINES |
        Capability.SHARES_TOTALS |
        Capability.SHARES_UPLINK,
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
      peer.addPending(pendingKey(requestId, ref, index), {
        requestId,
        ref,
        index,
        sentAt: now,
        bytes: shardSize,
      });
    peer.lastActivity = now;
    this.busyRatio.requested(indices.length, now);
    const message: RequestMessage = {
      type: 'request',
      requestId,
      items: [{ segment: ref, indices: [...indices].sort((a, b) => a - b) }],
    };
    const states = (peer.capabilities & Capability.REQUEST_DEADLINES) !== 0 && Number.isFinite(withinMs);
    // The peer counts from when the request reaches it, and the request first waits behind the
    // shards we are sending that peer on the same ordered link.
    const behind = this.uploader.linkDelayMs(peer);
    const within = Math.round(Math.min(Math.max(withinMs - behind, 1), MAX_REQUEST_WITHIN_MS));
    this.send(peer, states ? { ...message, withinMs: within } : message);
    return requestId;
  }

  /** Withdraws one pending shard request. */
  cancel(peer: PeerSession, requestId: number, ref: SegmentRef, index: number): void {
    if (!peer.removePending(pendingKey(requestId, ref, index))) return;
    this.send(peer, { type: 'cancel', requestId, items: [{ segment: ref, indices: [index] }] });
  }

  /**
   * Tells every peer we now hold these shards: within a tick when `prompt` (news peers wait
   * for), else within `announceHoldMs`, several to a have-delta (each wakes every peer's planner).
   */
  announce(ref: SegmentRef, indices: readonly number[], prompt = true): void {
    this.announcer.announce(ref, indices, prompt);
  }

  /** Tells every peer we dropped a segment. */
  withdraw(ref: SegmentRef): void {
    this.announcer.withdraw(ref);
  }

  /** What this viewer's player received so far: peers that read it hear it (totals-sharing.ts). */
  shareTotals(totals: DeliveryTotals): void {
    this.totals.update(totals);
  }

  /** Bans a peer for the session: it sent a shard that failed verification, or broke the protocol. */
  ban(peer: PeerSession, reason: string): void {
    this.banned.add(peer.id);
    this.banned.add(peer.link.remoteId);
    this.events.emit('ban', { peerId: peer.id, reason });
    this.drop(peer, reason.startsWith('protocol violation') ? 'protocol-error' : 'banned', reason);
  }

  close(): void {
    this.announcer.close();
    this.uploader.close();
    this.totals.close();
    this.uplinkSharing.close();
    for (const peer of [...this.peers]) this.drop(peer, 'leaving', 'leaving');
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
        const first = !peer.holdingsKnown;
        peer.holdings.clear();
        peer.holdingsKnown = true;
        for (const h of message.segments) peer.setHolding(h.segment, h.bitmap);
        this.events.emit('holdings', { peer, refs: message.segments.map((h) => h.segment), first });
        return;
      }
      case 'have-delta': {
        const now = this.clock.now();
        for (const a of message.added) {
          peer.addShards(a.segment, a.indices);
          peer.noteProgress(a.segment, now);
        }
        for (const ref of message.dropped) peer.dropSegment(ref);
        this.events.emit('holdings', { peer, refs: message.added.map((a) => a.segment), first: false });
        return;
      }
      case 'request':
        this.uploader.onRequest(peer, message);
        // Requests are when the uplink gets measured: peers hear of a new rate soon after.
        this.uplinkSharing.update(this.uploader.uplinkEstimate());
        return;
      case 'shard':
        this.onShard(peer, message.requestId, message.segment, message.index, message.payload);
        return;
      case 'cancel':
        this.uploader.onCancel(peer, message.requestId, message.items);
        return;
      case 'absent': {
        for (const index of message.indices)
          peer.removePending(pendingKey(message.requestId, message.segment, index));
        if (message.reason === 'absent') peer.removeShards(message.segment, message.indices);
        const now = this.clock.now();
        if (message.reason === 'busy') {
          peer.busyUntil = now + BUSY_BACKOFF_MS;
          peer.theirRefusals.refused('busy', now);
          this.busyRatio.busy(message.indices.length, now);
        } else if (message.reason === 'choked') peer.theirRefusals.refused('not-uploading', now);
        this.events.emit('absent', { peer, ref: message.segment, indices: message.indices });
        return;
      }
      case 'bye':
        this.forget(peer, `peer left: ${message.reason}`);
        peer.link.close(message.reason);
        return;
      case 'totals':
        this.totals.receive(peer, message);
        return;
      case 'uplink':
        this.uplinkSharing.receive(peer, message);
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
    this.ready = null;
    const segments = this.source.localHoldings();
    for (let i = 0; i < segments.length; i += 1024)
      this.send(peer, { type: 'have', segments: segments.slice(i, i + 1024) });
    if (segments.length === 0) this.send(peer, { type: 'have', segments: [] });
    this.totals.greet(peer);
    this.uplinkSharing.greet(peer);
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
    peer.removePending(key);
    const now = this.clock.now();
    const elapsedMs = now - pending.sentAt;
    peer.downRate.add(payload.length, elapsedMs);
    peer.rttMs = peer.rttMs === 0 ? elapsedMs : peer.rttMs * 0.8 + elapsedMs * 0.2;
    peer.bytesDown += payload.length;
    peer.shardsTaken += 1;
    peer.lastActivity = now;
    peer.theirRefusals.served(now);
    this.events.emit('shard', { peer, ref, index, data: payload.slice(), elapsedMs });
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
    this.ready = null;
    this.uploader.forget(peer);
    peer.link.onFrame = null;
    peer.link.onDrain = null;
    this.events.emit('peer-gone', { peer, reason });
  }
}
