// What this viewer keeps to serve others: verified shards in the store, the holdings it
// announces, and parity computed from segments it completed.

import type { ContentCatalog } from '../content/catalog.ts';
import { parseShardStoreKey, type SegmentInfo, shardCount, shardStoreKey } from '../content/segment-info.ts';
import type { Coder, ShardStore } from '../ports.ts';
import type { SegmentRef } from '../protocol/messages.ts';
import { LocalHoldings } from './local-holdings.ts';
import { shardMatches } from './verification.ts';

export class ShardKeeper {
  readonly holdings = new LocalHoldings();
  /** Store keys found at start (a reload), turned into holdings as their manifests load. */
  private restored: string[] | null = null;
  /** Contents whose manifests loaded before the store listed its keys. */
  private readonly waiting = new Set<string>();

  constructor(
    private readonly store: ShardStore,
    private readonly coder: Coder,
    private readonly catalog: ContentCatalog,
    /** Tells the swarm about new holdings; `prompt`: news peers wait for (see keep). */
    private readonly announce: (ref: SegmentRef, indices: number[], prompt: boolean) => void,
    private readonly onError: (kind: string, error: unknown) => void,
    /** Holdings came back from the store (jobs already running may use them). */
    private readonly onRestored: (refs: SegmentRef[]) => void = () => undefined,
  ) {
    store
      .keys()
      .catch(() => [] as string[])
      .then((keys) => {
        this.restored = keys;
        for (const contentId of this.waiting) this.restore(contentId);
        this.waiting.clear();
      });
  }

  /**
   * Stores a verified shard and announces it (once). Peers plan on the news of a segment's first
   * shard, of shards from the origin (the live split's seeds) and of a completed segment
   * (`prompt`); the other shards can wait a little, several to a have-delta.
   */
  keep(info: SegmentInfo, index: number, data: Uint8Array, prompt = false): void {
    if (!this.holdings.add(info.ref, shardCount(info), index)) return;
    this.store.put(shardStoreKey(info, index), data).catch((error) => this.onError('storage', error));
    this.announce(info.ref, [index], prompt || this.holdings.count(info.ref) === 1);
  }

  /** A shard a peer asked for, if we hold it and it still verifies. */
  async readForUpload(ref: SegmentRef, index: number): Promise<Uint8Array | undefined> {
    const info = this.catalog.byRef(ref);
    if (!info || !this.holdings.has(ref, index)) return undefined;
    return this.readVerified(info, index);
  }

  /** Stored shards are checked again on every read: storage may have been corrupted. */
  async readVerified(info: SegmentInfo, index: number): Promise<Uint8Array | undefined> {
    const data = await this.store.get(shardStoreKey(info, index)).catch(() => undefined);
    if (data && (await shardMatches(this.coder, info, index, data))) return data;
    this.holdings.remove(info.ref, index);
    if (data) void this.store.delete(shardStoreKey(info, index)).catch(() => undefined);
    return undefined;
  }

  /** Computes the parity this viewer lacks, so it can serve any shard: the first viewer seeds. */
  async completeParity(info: SegmentInfo, segment: Uint8Array): Promise<void> {
    const { k, m } = info.params;
    const missing: number[] = [];
    for (let i = k; i < k + m; i++) if (!this.holdings.has(info.ref, i)) missing.push(i);
    if (missing.length === 0) return;
    try {
      const parity = await this.coder.encode(segment, info.params);
      for (const index of missing) {
        const shard = parity[index - k]!;
        // The last one completes the segment: peers hear of it at once.
        const last = index === missing[missing.length - 1];
        if (await shardMatches(this.coder, info, index, shard)) this.keep(info, index, shard, last);
      }
    } catch (error) {
      this.onError('coding', error);
    }
  }

  /**
   * Drops a rendition's segments older than `sequence` (they left the live window): their
   * holdings, and their shards from the store, which could no longer be served (a shard is served
   * only while held) but would stay until evicted. Returns their refs.
   */
  forgetBefore(contentId: string, rendition: number, sequence: number): SegmentRef[] {
    const dropped = this.holdings.dropBefore(rendition, sequence);
    for (const { ref, indices } of dropped)
      for (const index of indices)
        void this.store.delete(shardStoreKey({ contentId, ref }, index)).catch(() => undefined);
    return dropped.map((d) => d.ref);
  }

  /** After a reload: what the store kept for this content becomes holdings again. */
  restore(contentId: string): void {
    if (!this.restored) {
      this.waiting.add(contentId);
      return;
    }
    const refs = new Map<string, SegmentRef>();
    for (const key of this.restored) {
      const parsed = parseShardStoreKey(key);
      if (!parsed || parsed.contentId !== contentId) continue;
      const info = this.catalog.byRef({ rendition: parsed.rendition, sequence: parsed.sequence });
      if (!info || parsed.index >= shardCount(info)) continue;
      if (this.holdings.add(info.ref, shardCount(info), parsed.index)) {
        this.announce(info.ref, [parsed.index], true);
        refs.set(info.key, info.ref);
      }
    }
    if (refs.size > 0) this.onRestored([...refs.values()]);
  }
}
