// Our holdings news to every peer, batched: each have-delta wakes the planner of every peer that
// hears it, so shards gained close together go out as one, and each peer hears only what it
// needs (have-news.ts).

import { segmentKey } from '../content/segment-info.ts';
import type { Clock } from '../ports.ts';
import type { Message, SegmentRef } from '../protocol/messages.ts';
import { newsFor } from './have-news.ts';
import type { PeerSession } from './peer-session.ts';

/** Holdings news peers wait for goes out within a tick (several shards to a have-delta). */
const HAVE_PROMPT_MS = 20;

export interface AnnouncerHost {
  readonly clock: Clock;
  readonly peers: ReadonlySet<PeerSession>;
  /** Shards that rebuild the segment; undefined if unknown. */
  k(ref: SegmentRef): number | undefined;
  send(peer: PeerSession, message: Message): void;
}

export class HoldingsAnnouncer {
  private added = new Map<string, { ref: SegmentRef; indices: Set<number> }>();
  private dropped = new Map<string, SegmentRef>();
  private timer: (() => void) | null = null;
  private dueAt = 0;

  /** `holdMs`: how long news nobody waits for may wait to share a have-delta. */
  constructor(
    private readonly host: AnnouncerHost,
    private readonly holdMs: number,
  ) {}

  /** We now hold these shards: within a tick when `prompt` (news peers wait for), else within holdMs. */
  announce(ref: SegmentRef, indices: readonly number[], prompt: boolean): void {
    // Dropped and held again within one batch: the drop goes out first, as it happened (a
    // have-delta names a segment once, and its drop would cancel the news).
    const key = segmentKey(ref);
    if (this.dropped.has(key)) this.flush();
    let entry = this.added.get(key);
    if (!entry) {
      entry = { ref, indices: new Set() };
      this.added.set(key, entry);
    }
    for (const index of indices) entry.indices.add(index);
    this.schedule(prompt ? HAVE_PROMPT_MS : Math.max(this.holdMs, HAVE_PROMPT_MS));
  }

  /** We dropped a segment. */
  withdraw(ref: SegmentRef): void {
    const key = segmentKey(ref);
    this.added.delete(key);
    this.dropped.set(key, ref);
    this.schedule(Math.max(this.holdMs, HAVE_PROMPT_MS));
  }

  close(): void {
    this.timer?.();
    this.timer = null;
  }

  /** Sends the pending news within `delayMs` (or sooner, if already due sooner). */
  private schedule(delayMs: number): void {
    const dueAt = this.host.clock.now() + delayMs;
    if (this.timer && this.dueAt <= dueAt) return;
    this.timer?.();
    this.dueAt = dueAt;
    this.timer = this.host.clock.setTimer(delayMs, () => {
      this.timer = null;
      this.flush();
    });
  }

  private flush(): void {
    const added = [...this.added.values()].map((e) => ({
      segment: e.ref,
      indices: [...e.indices].sort((a, b) => a - b),
    }));
    const dropped = [...this.dropped.values()];
    this.added = new Map();
    this.dropped = new Map();
    if (added.length === 0 && dropped.length === 0) return;
    const k = (ref: SegmentRef) => this.host.k(ref);
    for (const peer of this.host.peers) {
      if (!peer.ready) continue;
      const news = newsFor(peer, added, k);
      if (news.length > 0 || dropped.length > 0)
        this.host.send(peer, { type: 'have-delta', added: news, dropped });
    }
  }
}
