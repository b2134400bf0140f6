// One connected peer as the swarm sees it: its handshake, what it holds, what we asked
// of it, how fast it answers, and what it asked of us.

import { segmentKey } from '../content/segment-info.ts';
import type { PeerLink } from '../ports.ts';
import { clearBit, createBitmap, getBit, setBit } from '../protocol/bitmap.ts';
import type { SegmentRef } from '../protocol/messages.ts';
import { PeerHoldings } from './peer-holdings.ts';
import { RateMeter } from './rate-meter.ts';
import { Refusals } from './refusals.ts';
import type { PeerReport } from './totals-sharing.ts';

export interface PendingShard {
  requestId: number;
  ref: SegmentRef;
  index: number;
  sentAt: number;
  bytes: number;
}

export class PeerSession {
  /** The id the peer gave in its hello (null until then). */
  peerId: string | null = null;
  capabilities = 0;
  /** True once the peer's first `have` arrived: until then, an empty holdings map means "unknown". */
  holdingsKnown = false;
  /** Per rendition, the newest segment the peer announced gaining shards of, and when. */
  readonly progress = new Map<number, { sequence: number; at: number }>();
  readonly connectedAt: number;
  readonly holdings = new PeerHoldings();
  /** Shards we asked for and have not received, by `requestId/segmentKey/index`. */
  private readonly asked = new Map<string, PendingShard>();
  /** Their bytes, kept as they come and go (read for every peer on every plan). */
  private askedBytes = 0;
  /** Until this clock time the peer said 'busy': its uplink is full, ask others meanwhile. */
  busyUntil = 0;
  /** The peer refusing our requests (it chokes us), for people to see; see refusals.ts. */
  readonly theirRefusals = new Refusals();
  /** Us refusing the peer's requests (we choke it). */
  readonly ourRefusals = new Refusals();
  /** What the peer says its player received (clamped; untrusted, for display only). */
  reported: PeerReport | null = null;
  /** The peer's uplink rate as it last told us, bytes per second (null: not told), and when (uplink-sharing.ts). */
  uplinkBytesPerSecond: number | null = null;
  uplinkToldAt = 0;
  readonly downRate = new RateMeter(1024); // 1 MB/s until measured
  rttMs = 0;
  bytesDown = 0;
  bytesUp = 0;
  shardsTaken = 0;
  shardsGiven = 0;
  /** Last time a shard arrived or a request was sent, for idle checks. */
  lastActivity: number;

  constructor(
    readonly link: PeerLink,
    now: number,
  ) {
    this.connectedAt = now;
    this.lastActivity = now;
  }

  get ready(): boolean {
    return this.peerId !== null;
  }

  /** The id used in stats and bans: the hello id when known, else the link's. */
  get id(): string {
    return this.peerId ?? this.link.remoteId;
  }

  /** The holdings bitmap of a segment (bit i: shard i), or undefined. */
  bitsFor(ref: SegmentRef): Uint8Array | undefined {
    return this.holdings.get(ref);
  }

  /** Forgets holdings of a rendition's segments older than `sequence` (they left the window). */
  forgetBefore(rendition: number, sequence: number): void {
    this.holdings.deleteBefore(rendition, sequence);
  }

  has(ref: SegmentRef, index: number): boolean {
    const bits = this.holdings.get(ref);
    return bits !== undefined && index < bits.length * 8 && getBit(bits, index);
  }

  /** How many shards of a segment the peer holds. */
  heldCount(ref: SegmentRef): number {
    const bits = this.holdings.get(ref);
    let count = 0;
    if (bits) for (let byte of bits) for (; byte !== 0; byte &= byte - 1) count++;
    return count;
  }

  /** Shard indices held for a segment. */
  heldIndices(ref: SegmentRef): number[] {
    const bits = this.holdings.get(ref);
    if (!bits) return [];
    const out: number[] = [];
    for (let i = 0; i < bits.length * 8; i++) if (getBit(bits, i)) out.push(i);
    return out;
  }

  setHolding(ref: SegmentRef, bits: Uint8Array): void {
    this.holdings.set(ref, bits.slice());
  }

  /** Notes that the peer is gaining this segment now (from a have-delta). */
  noteProgress(ref: SegmentRef, at: number): void {
    const last = this.progress.get(ref.rendition);
    if (!last || ref.sequence >= last.sequence)
      this.progress.set(ref.rendition, { sequence: ref.sequence, at });
  }

  addShards(ref: SegmentRef, indices: readonly number[]): void {
    let bits = this.holdings.get(ref);
    if (!bits || bits.length < 32) {
      const wider = createBitmap(256);
      if (bits) wider.set(bits);
      bits = wider;
      this.holdings.set(ref, bits);
    }
    for (const index of indices) setBit(bits, index);
  }

  removeShards(ref: SegmentRef, indices: readonly number[]): void {
    const bits = this.holdings.get(ref);
    if (!bits) return;
    for (const index of indices) if (index < bits.length * 8) clearBit(bits, index);
  }

  dropSegment(ref: SegmentRef): void {
    this.holdings.delete(ref);
  }

  /** Shards we asked for and have not received, by `pendingKey`. */
  get pending(): ReadonlyMap<string, PendingShard> {
    return this.asked;
  }

  /** Bytes asked for and not received. */
  pendingBytes(): number {
    return this.askedBytes;
  }

  /** We asked the peer for a shard. */
  addPending(key: string, shard: PendingShard): void {
    this.removePending(key);
    this.asked.set(key, shard);
    this.askedBytes += shard.bytes;
  }

  /** A shard asked for arrived, was refused or withdrawn; false if it was not pending. */
  removePending(key: string): boolean {
    const shard = this.asked.get(key);
    if (!shard) return false;
    this.asked.delete(key);
    this.askedBytes -= shard.bytes;
    return true;
  }
}

export function pendingKey(requestId: number, ref: SegmentRef, index: number): string {
  return `${requestId}/${segmentKey(ref)}/${index}`;
}
