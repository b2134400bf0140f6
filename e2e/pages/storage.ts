// Test page for e2e/storage.spec.ts: exposes the shard stores on `window.storageTest`
// so the spec can drive them with page.evaluate. Shard bytes are a pattern derived from
// the key, so a read can be checked without shipping bytes back to the spec.

import { createStore, set } from 'idb-keyval';
import {
  createShardStore,
  type ShardStoreOptions,
  type TieredShardStore,
} from '../../src/adapters/storage/index.ts';

function pattern(key: string, size: number): Uint8Array {
  let seed = 2166136261;
  for (let i = 0; i < key.length; i++) seed = Math.imul(seed ^ key.charCodeAt(i), 16777619);
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    seed = Math.imul(seed ^ (seed >>> 15), 2246822507) + i;
    data[i] = seed & 0xff;
  }
  return data;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

let store: TieredShardStore | null = null;
const errors: Array<{ kind: string; message: string }> = [];
let degradedBy: string | null = null;

function current(): TieredShardStore {
  if (!store) throw new Error('call storageTest.open first');
  return store;
}

const storageTest = {
  async open(options: ShardStoreOptions): Promise<void> {
    store = createShardStore({
      ...options,
      onError: (e) => errors.push({ kind: e.kind, message: e.message }),
      onDegraded: (e) => {
        degradedBy = e.kind;
      },
    });
    await store.ready;
  },
  /** Puts shards of `size` pattern bytes under each key, in order. */
  async putMany(keys: string[], size: number): Promise<void> {
    for (const key of keys) await current().put(key, pattern(key, size));
  },
  /** Puts a shard, then transfers its buffer away as a careless caller might. */
  async putThenDetach(key: string, size: number): Promise<void> {
    const data = pattern(key, size);
    await current().put(key, data);
    structuredClone(data.buffer, { transfer: [data.buffer] });
  },
  /** 'ok', 'missing' or 'wrong' for each key. */
  async check(keys: string[], size: number): Promise<string[]> {
    const out: string[] = [];
    for (const key of keys) {
      const data = await current().get(key);
      out.push(data === undefined ? 'missing' : sameBytes(data, pattern(key, size)) ? 'ok' : 'wrong');
    }
    return out;
  },
  async keys(): Promise<string[]> {
    return (await current().keys()).sort();
  },
  async flush(): Promise<void> {
    await current().flush();
  },
  state() {
    const s = current();
    return {
      persistence: s.persistence,
      degraded: s.degraded,
      reason: s.reason ? { kind: s.reason.kind, message: s.reason.message } : null,
      memoryBytes: s.memory.bytes,
      errors,
      degradedBy,
    };
  },
  /** Writes a raw record straight into the store's database, bypassing Shoal. */
  async rawSet(dbName: string, key: string, value: unknown): Promise<void> {
    await set(key, value, createStore(dbName, 'shards'));
  },
  /** Sum of the byte lengths of every shard record actually in the database. */
  async rawShardBytes(dbName: string): Promise<{ bytes: number; count: number }> {
    const db = createStore(dbName, 'shards');
    return db('readonly', async (os) => {
      const values: unknown[] = await new Promise((resolve, reject) => {
        const request = os.getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const shards = values.filter((v): v is Uint8Array => v instanceof Uint8Array);
      return { bytes: shards.reduce((sum, v) => sum + v.byteLength, 0), count: shards.length };
    });
  },
};

declare global {
  interface Window {
    storageTest: typeof storageTest;
  }
}

window.storageTest = storageTest;
document.getElementById('state')!.textContent = 'ready';
