// Memory in front, a persistent store behind. Reads hit memory first, then the persistent
// tier (promoting hits into memory); writes go to both (the persistent one batches them).
// When the persistent tier disables itself, the store carries on from memory alone and
// says so through `degraded` / `reason` for the UI. Bytes are returned as stored:
// re-verifying them against the manifest's hashes is the engine's job.

import type { ShardStore } from '../../core/ports.ts';
import { StorageError } from '../../core/storage/errors.ts';
import type { MemoryShardStore } from '../../core/storage/lru-store.ts';

/** What the tiered store needs from its back tier (IdbShardStore, or a fake in tests). */
export interface PersistentShardStore extends ShardStore {
  /** Resolves once opened or disabled; never rejects. */
  readonly ready: Promise<void>;
  readonly status: 'opening' | 'ready' | 'disabled';
  readonly failure: StorageError | null;
  flush(): Promise<void>;
}

export type Persistence =
  /** Asked not to persist: memory only, by choice. */
  | 'off'
  | 'opening'
  | 'on'
  /** The persistent tier failed: memory only, see `reason`. */
  | 'degraded';

export class TieredShardStore implements ShardStore {
  readonly memory: MemoryShardStore;
  readonly #persistent: PersistentShardStore | null;

  constructor(memory: MemoryShardStore, persistent: PersistentShardStore | null) {
    this.memory = memory;
    this.#persistent = persistent;
  }

  /** Resolves once the persistent tier has opened (or failed); never rejects. */
  get ready(): Promise<void> {
    return this.#persistent?.ready ?? Promise.resolve();
  }

  get persistence(): Persistence {
    if (!this.#persistent) return 'off';
    switch (this.#persistent.status) {
      case 'opening':
        return 'opening';
      case 'ready':
        return 'on';
      default:
        return 'degraded';
    }
  }

  /** True once the persistent tier has failed and only memory is in use. */
  get degraded(): boolean {
    return this.persistence === 'degraded';
  }

  /** Why the store is degraded (kind and message), or null. */
  get reason(): StorageError | null {
    return this.degraded ? (this.#persistent?.failure ?? null) : null;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const hot = this.memory.getNow(key);
    if (hot !== undefined) return hot;
    const back = this.#live();
    if (!back) return undefined;
    const cold = await back.get(key);
    if (cold !== undefined) this.#tryMemoryPut(key, cold);
    return cold;
  }

  /**
   * Stores in both tiers. Rejects with `StorageError('too-large')` only if no tier in use
   * can hold the item at all; persistent-tier failures are reported, never thrown.
   */
  async put(key: string, data: Uint8Array): Promise<void> {
    let held = this.#tryMemoryPut(key, data);
    const back = this.#live();
    if (back) {
      try {
        await back.put(key, data);
        held = true;
      } catch (error) {
        if (!(error instanceof StorageError && error.kind === 'too-large')) throw error;
        await back.delete(key); // never leave an older value behind under this key
      }
    }
    if (!held) {
      throw new StorageError('too-large', `${key} (${data.byteLength} bytes) fits in no storage tier`);
    }
  }

  async delete(key: string): Promise<void> {
    await this.memory.delete(key);
    await this.#live()?.delete(key);
  }

  /** Every key held in either tier (after a reload: what IndexedDB kept). */
  async keys(): Promise<string[]> {
    const hot = await this.memory.keys();
    const back = this.#live();
    if (!back) return hot;
    return [...new Set([...(await back.keys()), ...hot])];
  }

  /** Commits queued persistent writes (call before unload, or in tests before a reload). */
  async flush(): Promise<void> {
    await this.#live()?.flush();
  }

  #live(): PersistentShardStore | null {
    return this.#persistent && this.#persistent.status !== 'disabled' ? this.#persistent : null;
  }

  /** False if the item is larger than the whole memory tier. */
  #tryMemoryPut(key: string, data: Uint8Array): boolean {
    try {
      this.memory.putNow(key, data);
      return true;
    } catch (error) {
      if (error instanceof StorageError && error.kind === 'too-large') return false;
      throw error;
    }
  }
}
