// Our side of the peers' requests: one queue for the one uplink all links share (uplink-queue.ts),
// the upload cap, and the refusals. A request the uplink cannot deliver before its asker gives
// up is refused 'busy' at once, so the asker goes elsewhere while there is still time.

import type { ShoalConfig } from '../config.ts';
import type { Clock } from '../ports.ts';
import type {
  AbsentReason,
  Message,
  RequestMessage,
  SegmentRef,
  SegmentShards,
} from '../protocol/messages.ts';
import type { PeerSession } from './peer-session.ts';
import { TokenBucket } from './token-bucket.ts';
import { UplinkQueue } from './uplink-queue.ts';
import { relayUplink } from './uplink-sharing.ts';

/** A request that states no deadline (older peers) is served within this or refused 'busy'. */
const UNSTATED_WITHIN_MS = 2500;

/**
 * A peer whose told uplink is below this share of ours relays little of what we send it: its
 * requests wait behind those of peers that relay (simulator, mixed population, 100 viewers x
 * 3 min, seeds 1-3: origin egress 12 %, 13 % and 2 % lower; at 0.3 the ladder's uplinks of
 * 2-8 Mbit/s fell apart and it lost 1.5 %). Where uplinks are alike, no peer is that far below
 * and the order is earliest due first, as before.
 */
const RELAY_SHARE = 0.2;

/** A shard a peer asked of us, waiting for the uplink. */
interface Upload {
  peer: PeerSession;
  requestId: number;
  ref: SegmentRef;
  index: number;
}

export interface UploaderHost {
  readonly clock: Clock;
  /** The connected peers: their links share the uplink. */
  readonly peers: ReadonlySet<PeerSession>;
  readShard(ref: SegmentRef, index: number): Promise<Uint8Array | undefined>;
  shardSize(ref: SegmentRef): number | undefined;
  send(peer: PeerSession, message: Message): void;
  onUpload(peer: PeerSession, bytes: number): void;
}

export class Uploader {
  private readonly bucket: TokenBucket;
  private readonly uplink: UplinkQueue<Upload>;
  /**
   * Shard payload bytes handed to the links: less what they still buffer, what left the uplink.
   * Headers and control frames are left out: a percent of the bytes, and the rate is for shards.
   */
  private handedBytes = 0;
  private pumping = false;
  private wakeTimer: (() => void) | null = null;
  private enabledNow: boolean;

  constructor(
    private readonly config: ShoalConfig,
    private readonly host: UploaderHost,
  ) {
    this.bucket = new TokenBucket(config.uploadBytesPerSecond, config.uploadTotalBytes, host.clock.now());
    this.uplink = new UplinkQueue(config.uploadBytesPerSecond / 1000);
    this.enabledNow = !config.downloadOnly;
  }

  get enabled(): boolean {
    return this.enabledNow;
  }

  /** Turns uploading on or off (metered connection, user switch). */
  setEnabled(enabled: boolean): void {
    this.enabledNow = enabled && !this.config.downloadOnly;
  }

  /** Our uplink's rate for peers to weigh us by, bytes per ms: 0 while not uploading, null if unknown. */
  uplinkEstimate(): number | null {
    return this.enabledNow ? this.uplink.rate.peakBytesPerMs(this.host.clock.now()) : 0;
  }

  /** Ms a frame sent to `peer` now waits behind the shards already in its link. */
  linkDelayMs(peer: PeerSession): number {
    return this.uplink.rate.known ? peer.link.bufferedBytes() / this.uplink.rate.bytesPerMs : 0;
  }

  /** Queues a peer's request on the uplink, or refuses at once what cannot leave in time. */
  onRequest(peer: PeerSession, message: RequestMessage): void {
    const now = this.host.clock.now();
    const dueAt = now + (message.withinMs ?? UNSTATED_WITHIN_MS);
    const backlog = this.backlog();
    this.uplink.rate.observe(now, this.handedBytes, backlog, this.uplink.size > 0);
    for (const { segment: ref, indices } of message.items) {
      if (!this.enabledNow) {
        this.refuse(peer, message.requestId, ref, indices, 'choked');
        continue;
      }
      const bytes = this.host.shardSize(ref) ?? 0;
      const lane = this.relays(peer) ? 0 : 1;
      const busy: number[] = [];
      for (const index of indices) {
        const item = { peer, requestId: message.requestId, ref, index };
        if (!this.uplink.offer({ item, bytes, dueAt, lane }, now, backlog)) busy.push(index);
      }
      if (busy.length > 0) this.refuse(peer, message.requestId, ref, busy, 'busy');
    }
    void this.pump();
  }

  /** The peer withdrew (some of) a request: what still waits for the uplink is dropped. */
  onCancel(peer: PeerSession, requestId: number, items: readonly SegmentShards[] | undefined): void {
    this.uplink.remove(
      (u) =>
        u.peer === peer &&
        u.requestId === requestId &&
        (items === undefined ||
          items.some(
            (i) =>
              i.segment.rendition === u.ref.rendition &&
              i.segment.sequence === u.ref.sequence &&
              i.indices.includes(u.index),
          )),
    );
  }

  /** A peer is gone: its waiting shards are dropped, and what its link still held never left. */
  forget(peer: PeerSession): void {
    this.uplink.remove((u) => u.peer === peer);
    this.handedBytes -= peer.link.bufferedBytes();
  }

  close(): void {
    this.wakeTimer?.();
    this.wakeTimer = null;
  }

  /** Hands queued shards to the links while they have room; refuses those that became too late. */
  async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let backlog = 0;
    try {
      for (;;) {
        const now = this.host.clock.now();
        backlog = this.backlog();
        this.uplink.rate.observe(now, this.handedBytes, backlog, this.uplink.size > 0);
        for (const { item } of this.uplink.shed(now, backlog)) this.refuseOne(item, 'busy');
        const job = this.uplink.next(backlog);
        if (!job) break;
        const item = job.item;
        if (!this.host.peers.has(item.peer)) continue;
        const data = this.enabledNow ? await this.host.readShard(item.ref, item.index) : undefined;
        if (!this.host.peers.has(item.peer)) continue;
        if (!data) {
          this.refuseOne(item, this.enabledNow ? 'absent' : 'choked');
          continue;
        }
        if (!this.bucket.take(data.length, this.host.clock.now())) {
          this.refuseOne(item, 'busy');
          continue;
        }
        this.host.send(item.peer, {
          type: 'shard',
          requestId: item.requestId,
          segment: item.ref,
          index: item.index,
          payload: data,
        });
        this.handedBytes += data.length;
        item.peer.ourRefusals.served(this.host.clock.now());
        this.host.onUpload(item.peer, data.length);
      }
    } finally {
      this.pumping = false;
    }
    this.wakeForUplink(backlog);
  }

  /** Whether `peer` relays: it uploads, and its told uplink (unknown or stale: yes) is not far
   *  below ours. */
  private relays(peer: PeerSession): boolean {
    const now = this.host.clock.now();
    const told = relayUplink(peer, now);
    const ours = this.uplink.rate.peakBytesPerMs(now);
    return told === null || ours === null || told / 1000 >= RELAY_SHARE * ours;
  }

  /** Bytes waiting in all links: they share one uplink. */
  private backlog(): number {
    let total = 0;
    for (const peer of this.host.peers) total += peer.link.bufferedBytes();
    return total;
  }

  /** Pumps again once the links (holding `backlog` now) have drained enough for the next shard. */
  private wakeForUplink(backlog: number): void {
    this.wakeTimer?.();
    this.wakeTimer = null;
    const wait = this.uplink.wakeInMs(backlog);
    if (!Number.isFinite(wait)) return;
    this.wakeTimer = this.host.clock.setTimer(Math.max(wait, 1), () => {
      this.wakeTimer = null;
      void this.pump();
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
    if (!this.host.peers.has(peer)) return;
    // Not holding a shard is no refusal to serve: only 'busy' and 'choked' choke the peer.
    if (reason !== 'absent')
      peer.ourRefusals.refused(reason === 'busy' ? 'busy' : 'not-uploading', this.host.clock.now());
    this.host.send(peer, { type: 'absent', requestId, segment, indices, reason });
  }
}
