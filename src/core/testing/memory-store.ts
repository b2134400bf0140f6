// The ShardStore fake for core unit tests and the simulator: the real in-memory LRU,
// with a cap large enough that tests only see eviction when they ask for it.

import { MemoryShardStore } from '../storage/lru-store.ts';

export const DEFAULT_TEST_STORE_BYTES = 64 * 1024 * 1024;

export function memoryShardStore(maxBytes = DEFAULT_TEST_STORE_BYTES): MemoryShardStore {
  return new MemoryShardStore({ maxBytes });
}
