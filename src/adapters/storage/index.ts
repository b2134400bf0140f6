// Shard storage for the browser: a memory LRU, an IndexedDB store, and the tiered store
// that composes them. `createShardStore` is the one the demo page and the library use.

import { assertByteCap, type StorageError } from '../../core/storage/errors.ts';
import { MemoryShardStore } from '../../core/storage/lru-store.ts';
import { IdbShardStore } from './idb-store.ts';
import { TieredShardStore } from './tiered-store.ts';

export { ByteLru } from '../../core/storage/byte-lru.ts';
export { StorageError, type StorageErrorKind } from '../../core/storage/errors.ts';
export { MemoryShardStore, type MemoryShardStoreOptions } from '../../core/storage/lru-store.ts';
export { IdbShardStore, type IdbShardStoreOptions, type PersistentStatus } from './idb-store.ts';
export { type Persistence, type PersistentShardStore, TieredShardStore } from './tiered-store.ts';

export interface ShardStoreOptions {
  /** Byte cap of the in-memory tier (default 64 MiB). */
  memoryBytes?: number;
  /** Byte quota in IndexedDB (default 256 MiB). */
  persistentBytes?: number;
  /** IndexedDB database name: one per content, e.g. `shoal:<contentId>` (default 'shoal-shards'). */
  dbName?: string;
  /** Keep shards across reloads in IndexedDB (default true). */
  persist?: boolean;
  /** Persistent-tier failures (quota, unavailable, corrupt, io), already handled by degrading. */
  onError?: (error: StorageError) => void;
  /** Called once when the persistent tier is disabled and the store runs from memory only. */
  onDegraded?: (reason: StorageError) => void;
}

export const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_PERSISTENT_BYTES = 256 * 1024 * 1024;

export function createShardStore(options: ShardStoreOptions = {}): TieredShardStore {
  const memoryBytes = options.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  const persistentBytes = options.persistentBytes ?? DEFAULT_PERSISTENT_BYTES;
  assertByteCap('memoryBytes', memoryBytes);
  assertByteCap('persistentBytes', persistentBytes);
  const memory = new MemoryShardStore({ maxBytes: memoryBytes });
  if (options.persist === false || persistentBytes === 0) return new TieredShardStore(memory, null);
  let announced = false;
  const persistent: IdbShardStore = new IdbShardStore({
    dbName: options.dbName ?? 'shoal-shards',
    maxBytes: persistentBytes,
    onError: (error) => {
      options.onError?.(error);
      if (!announced && persistent.status === 'disabled') {
        announced = true;
        options.onDegraded?.(error);
      }
    },
  });
  return new TieredShardStore(memory, persistent);
}
