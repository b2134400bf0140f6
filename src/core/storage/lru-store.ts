// The in-memory ShardStore: a byte-capped LRU of shard bytes. Pure, so the core, the
// simulator and unit tests use it as well as the browser (in front of IndexedDB).
//
// Ownership: the store keeps the very Uint8Array it is given and returns it from `get`
// (no copies on the hot path). Callers must not mutate those bytes, and must `slice()`
// before transferring them to a worker. A buffer detached anyway is noticed on `get`
// (its length no longer matches) and reads as a miss instead of as empty bytes.

import type { ShardStore } from '../ports.ts';
import { ByteLru } from './byte-lru.ts';

export interface MemoryShardStoreOptions {
  /** Byte cap on the sum of stored shard lengths. */
  maxBytes: number;
  /** Called with each key evicted to make room (not for explicit deletes or replacements). */
  onEvict?: (key: string) => void;
}

export class MemoryShardStore implements ShardStore {
  readonly #lru: ByteLru<Uint8Array>;
  readonly #onEvict: ((key: string) => void) | undefined;

  constructor(options: MemoryShardStoreOptions) {
    this.#lru = new ByteLru<Uint8Array>(options.maxBytes);
    this.#onEvict = options.onEvict;
  }

  get maxBytes(): number {
    return this.#lru.maxBytes;
  }

  /** Bytes currently held; never above `maxBytes`. */
  get bytes(): number {
    return this.#lru.bytes;
  }

  get count(): number {
    return this.#lru.count;
  }

  /** Synchronous twin of `get` for callers that cannot wait (marks the key used). */
  getNow(key: string): Uint8Array | undefined {
    const data = this.#lru.get(key);
    if (data === undefined) return undefined;
    if (data.byteLength !== this.#lru.sizeOf(key)) {
      this.#lru.delete(key);
      return undefined;
    }
    return data;
  }

  has(key: string): boolean {
    return this.#lru.has(key);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.getNow(key);
  }

  /** Rejects with `StorageError('too-large')` (store unchanged) if `data` exceeds the whole cap. */
  async put(key: string, data: Uint8Array): Promise<void> {
    this.putNow(key, data);
  }

  /** Synchronous twin of `put`; throws `StorageError('too-large')`. Returns the evicted keys. */
  putNow(key: string, data: Uint8Array): string[] {
    const evicted = this.#lru.set(key, data, data.byteLength).map(([k]) => k);
    if (this.#onEvict) for (const k of evicted) this.#notifyEvict(this.#onEvict, k);
    return evicted;
  }

  async delete(key: string): Promise<void> {
    this.#lru.delete(key);
  }

  /** Keys from least to most recently used. */
  async keys(): Promise<string[]> {
    return this.#lru.keys();
  }

  clear(): void {
    this.#lru.clear();
  }

  #notifyEvict(listener: (key: string) => void, key: string): void {
    try {
      listener(key);
    } catch {
      // A listener's bug must not turn a successful put into a failed one.
    }
  }
}
