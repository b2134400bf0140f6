// A ShardStore in IndexedDB (through idb-keyval) with a byte quota, write batching and
// graceful failure: storage errors go to `onError` as typed StorageErrors and the store
// degrades (drops a failed batch, lowers its quota, or disables itself); it never throws
// into the caller except `StorageError('too-large')` for an item above the whole quota.
//
// Layout and index rebuild on open: see idb-layout.ts (bytes and small metadata records apart).
// Use order (reads) is tracked in memory only: persisting it would turn every read into a
// write. So eviction is least-recently-used within a page and oldest-written across reloads.
//
// Tabs sharing a dbName each keep their own index; a key another tab evicted reads as a
// miss and is dropped here, so totals may briefly exceed the quota by the other tabs' share.

import { createStore, get, getMany, keys, promisifyRequest, type UseStore } from 'idb-keyval';
import type { ShardStore } from '../../core/ports.ts';
import { ByteLru } from '../../core/storage/byte-lru.ts';
import { StorageError } from '../../core/storage/errors.ts';
import { toStorageError, withTimeout } from './idb-errors.ts';
import {
  DATA_PREFIX as DATA,
  META_PREFIX as META,
  metaKeysOf,
  readLayout,
  type ShardMeta,
} from './idb-layout.ts';

/** A queued write: bytes to store, or null to delete. */
type PendingWrite = { data: Uint8Array; size: number; at: number } | null;

export type PersistentStatus = 'opening' | 'ready' | 'disabled';

export interface IdbShardStoreOptions {
  /** One database per origin and content (IndexedDB is already per origin). */
  dbName: string;
  /** Object store inside the database (default 'shards'). */
  storeName?: string;
  /** Byte quota on the sum of stored shard lengths. */
  maxBytes: number;
  /** Every storage failure, after the store has degraded accordingly. */
  onError?: (error: StorageError) => void;
  /** Writes wait this long to be batched into one transaction (default 30 ms). */
  flushDelayMs?: number;
  /** Queued bytes that trigger a flush at once (default 4 MiB). */
  flushBytes?: number;
  /** An open or transaction slower than this counts as failed (default 5000 ms). */
  timeoutMs?: number;
  /** Consecutive failed transactions after which the store disables itself (default 3). */
  maxFailures?: number;
}

export class IdbShardStore implements ShardStore {
  /** Resolves once the index is rebuilt (or the store is disabled); never rejects. */
  readonly ready: Promise<void>;
  readonly #db: UseStore | null;
  readonly #index: ByteLru<true>;
  readonly #onError: ((error: StorageError) => void) | undefined;
  readonly #flushDelayMs: number;
  readonly #flushBytes: number;
  readonly #timeoutMs: number;
  readonly #maxFailures: number;
  #pending = new Map<string, PendingWrite>();
  #inflight = new Map<string, PendingWrite>();
  #pendingBytes = 0;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> | null = null;
  #nextAt = 0;
  #failures = 0;
  #status: PersistentStatus = 'opening';
  #failure: StorageError | null = null;

  constructor(options: IdbShardStoreOptions) {
    this.#index = new ByteLru<true>(options.maxBytes);
    this.#onError = options.onError;
    this.#flushDelayMs = options.flushDelayMs ?? 30;
    this.#flushBytes = options.flushBytes ?? 4 * 1024 * 1024;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#maxFailures = options.maxFailures ?? 3;
    // createStore is lazy: it opens the database on first use, inside #call.
    this.#db =
      typeof indexedDB === 'undefined' ? null : createStore(options.dbName, options.storeName ?? 'shards');
    this.ready = this.#open();
  }

  get status(): PersistentStatus {
    return this.#status;
  }

  /** Why the store is disabled (or the last quota cut), for the UI. */
  get failure(): StorageError | null {
    return this.#failure;
  }

  /** Bytes indexed (written or queued); never above `maxBytes`. */
  get bytes(): number {
    return this.#index.bytes;
  }

  /** The quota in force: lowered after the browser reports QuotaExceededError. */
  get maxBytes(): number {
    return this.#index.maxBytes;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    await this.ready;
    const queued = this.#queued(key);
    if (queued !== undefined) return queued ?? undefined;
    if (this.#status !== 'ready' || !this.#index.has(key)) return undefined;
    this.#index.get(key); // a use
    let value: unknown;
    try {
      value = await this.#call('read', (db) => get(DATA + key, db));
    } catch (error) {
      this.#transactionFailed(toStorageError(error, `read ${key}`));
      return undefined;
    }
    this.#failures = 0;
    const requeued = this.#queued(key); // a put or delete may have raced the read
    if (requeued !== undefined) return requeued ?? undefined;
    if (value instanceof Uint8Array && value.byteLength === this.#index.sizeOf(key)) return value;
    if (value === undefined) {
      this.#index.delete(key); // evicted by another tab, or site data cleared
    } else {
      this.#report(new StorageError('corrupt', `${key} held ${describeValue(value)}, not its shard bytes`));
      this.#forget(key);
    }
    return undefined;
  }

  /** Queues the write (resolves before it reaches the disk; see `flush`). */
  async put(key: string, data: Uint8Array): Promise<void> {
    await this.ready;
    if (this.#status !== 'ready') return;
    const evicted = this.#index.set(key, true, data.byteLength); // throws too-large, store unchanged
    this.#queue(key, { data, size: data.byteLength, at: this.#nextAt++ }, data.byteLength);
    for (const [old] of evicted) this.#queue(old, null, 0);
  }

  async delete(key: string): Promise<void> {
    await this.ready;
    if (this.#status !== 'ready') return;
    this.#forget(key);
  }

  /** All keys held (written or queued), least recently used first. */
  async keys(): Promise<string[]> {
    await this.ready;
    return this.#status === 'ready' ? this.#index.keys() : [];
  }

  /** Writes everything queued so far; resolves when it is committed (or has failed and been reported). */
  async flush(): Promise<void> {
    await this.ready;
    while (this.#flushing) await this.#flushing;
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#status !== 'ready' || this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    this.#pendingBytes = 0;
    this.#inflight = batch;
    this.#flushing = this.#writeBatch(batch).finally(() => {
      this.#flushing = null;
      this.#inflight = new Map();
    });
    await this.#flushing;
  }

  async #open(): Promise<void> {
    let all: IDBValidKey[];
    let metaKeys: string[];
    let metas: unknown[];
    try {
      all = await this.#call('open', (db) => keys(db));
      metaKeys = metaKeysOf(all);
      metas = await this.#call('open', (db) => getMany(metaKeys, db));
    } catch (error) {
      const cause = toStorageError(error, 'open');
      this.#disable(new StorageError('unavailable', cause.message, { cause }));
      return;
    }
    const layout = readLayout(all, metaKeys, metas);
    for (const { key, meta } of layout.entries) {
      if (meta.size > this.#index.maxBytes) {
        this.#queue(key, null, 0); // the quota shrank since it was written: no room for it
        continue;
      }
      for (const [old] of this.#index.set(key, true, meta.size)) this.#queue(old, null, 0);
    }
    for (const key of layout.broken) this.#queue(key, null, 0);
    if (layout.broken.length > 0) {
      this.#report(
        new StorageError('corrupt', `dropped ${layout.broken.length} undecodable entries on open`),
      );
    }
    this.#nextAt = layout.nextAt;
    this.#status = 'ready';
    this.#scheduleFlush(); // deletes queued while rebuilding
  }

  /** One transaction for the whole batch: deletes and puts commit or fail together. */
  async #writeBatch(batch: Map<string, PendingWrite>): Promise<void> {
    for (const [key, write] of batch) {
      // The caller transferred the buffer (to a worker) before we wrote it: cloning a detached
      // buffer would fail the whole batch, so drop just this shard.
      if (write !== null && write.data.byteLength !== write.size) {
        batch.set(key, null);
        if (!this.#pending.has(key)) this.#index.delete(key);
      }
    }
    try {
      await this.#call('write', (db) =>
        db('readwrite', (store) => {
          for (const [key, write] of batch) {
            if (write === null) {
              store.delete(DATA + key);
              store.delete(META + key);
            } else {
              store.put(ownBuffer(write.data), DATA + key);
              store.put({ size: write.size, at: write.at } satisfies ShardMeta, META + key);
            }
          }
          return promisifyRequest(store.transaction);
        }),
      );
      this.#failures = 0;
    } catch (error) {
      this.#batchFailed(batch, toStorageError(error, `write of ${batch.size} entries`));
    }
  }

  /** Forgets the batch's puts (they are not on disk) and retries its deletes later. */
  #batchFailed(batch: Map<string, PendingWrite>, error: StorageError): void {
    for (const [key, write] of batch) {
      if (this.#pending.has(key)) continue; // superseded by a newer write
      if (write === null) this.#queue(key, null, 0);
      else this.#index.delete(key);
    }
    if (error.kind === 'quota') {
      // The browser allows less than we asked for: settle just under what is stored now.
      const cap = Math.floor(this.#index.bytes * 0.9);
      if (cap === 0) {
        this.#disable(error);
        return;
      }
      for (const [old] of this.#index.setMaxBytes(Math.min(cap, this.#index.maxBytes)))
        this.#queue(old, null, 0);
      this.#failure = error;
      this.#report(error);
      return;
    }
    this.#transactionFailed(error);
  }

  #transactionFailed(error: StorageError): void {
    this.#failures++;
    if (error.kind === 'unavailable' || this.#failures >= this.#maxFailures) this.#disable(error);
    else this.#report(error);
  }

  #disable(error: StorageError): void {
    if (this.#status === 'disabled') return;
    this.#status = 'disabled';
    this.#failure = error;
    this.#index.clear();
    this.#pending.clear();
    this.#pendingBytes = 0;
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#report(error);
  }

  #forget(key: string): void {
    this.#index.delete(key);
    this.#queue(key, null, 0);
  }

  #queue(key: string, write: PendingWrite, bytes: number): void {
    this.#pending.set(key, write);
    this.#pendingBytes += bytes;
    if (this.#status === 'ready') this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#pending.size === 0) return;
    if (this.#pendingBytes >= this.#flushBytes) {
      void this.flush();
    } else if (this.#flushTimer === undefined) {
      this.#flushTimer = setTimeout(() => {
        this.#flushTimer = undefined;
        void this.flush();
      }, this.#flushDelayMs);
    }
  }

  /** A write not yet committed: bytes, null for a queued delete, undefined if none. */
  #queued(key: string): Uint8Array | null | undefined {
    const write = this.#pending.has(key) ? this.#pending.get(key) : this.#inflight.get(key);
    if (write === undefined) return undefined;
    return write === null ? null : write.data;
  }

  #call<T>(during: string, op: (db: UseStore) => Promise<T>): Promise<T> {
    const db = this.#db;
    if (!db) return Promise.reject(new StorageError('unavailable', 'IndexedDB is not available'));
    return withTimeout(() => op(db), this.#timeoutMs, during);
  }

  #report(error: StorageError): void {
    try {
      this.#onError?.(error);
    } catch {
      // A listener's bug must not break storage.
    }
  }
}

/** Structured clone stores a view's whole underlying buffer: copy a subarray to its own. */
function ownBuffer(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `${value.byteLength} bytes (size mismatch)`;
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}
