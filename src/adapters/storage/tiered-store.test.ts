import { describe, expect, it } from 'vitest';
import { StorageError } from '../../core/storage/errors.ts';
import { MemoryShardStore } from '../../core/storage/lru-store.ts';
import { type PersistentShardStore, TieredShardStore } from './tiered-store.ts';

/** A persistent tier in a Map, with a byte cap and a switch that disables it. */
class FakePersistent implements PersistentShardStore {
  readonly ready = Promise.resolve();
  status: 'opening' | 'ready' | 'disabled' = 'ready';
  failure: StorageError | null = null;
  readonly map = new Map<string, Uint8Array>();
  constructor(readonly cap: number) {}
  async get(key: string) {
    return this.status === 'ready' ? this.map.get(key) : undefined;
  }
  async put(key: string, data: Uint8Array) {
    if (data.byteLength > this.cap) throw new StorageError('too-large', key);
    this.map.set(key, data);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
  async keys() {
    return [...this.map.keys()];
  }
  async flush() {}
  disable() {
    this.status = 'disabled';
    this.failure = new StorageError('unavailable', 'gone');
  }
}

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('TieredShardStore', () => {
  it('reads through to the persistent tier and promotes hits into memory', async () => {
    const back = new FakePersistent(1000);
    const store = new TieredShardStore(new MemoryShardStore({ maxBytes: 100 }), back);
    back.map.set('a/0/0/0', bytes(10, 7));
    expect((await store.get('a/0/0/0'))?.[0]).toBe(7);
    expect(store.memory.has('a/0/0/0')).toBe(true);
  });

  it('writes to both tiers and lists keys of both', async () => {
    const back = new FakePersistent(1000);
    const store = new TieredShardStore(new MemoryShardStore({ maxBytes: 20 }), back);
    await store.put('a', bytes(10));
    await store.put('b', bytes(10));
    await store.put('c', bytes(10)); // evicts 'a' from memory only
    expect(store.memory.has('a')).toBe(false);
    expect((await store.keys()).sort()).toEqual(['a', 'b', 'c']);
    expect(await store.get('a')).toBeDefined();
  });

  it('keeps an item too large for memory in the persistent tier, and refuses one that fits nowhere', async () => {
    const back = new FakePersistent(50);
    const store = new TieredShardStore(new MemoryShardStore({ maxBytes: 20 }), back);
    await store.put('big', bytes(40));
    expect(back.map.has('big')).toBe(true);
    await expect(store.put('huge', bytes(60))).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('carries on from memory once the persistent tier is disabled, and says why', async () => {
    const back = new FakePersistent(1000);
    const store = new TieredShardStore(new MemoryShardStore({ maxBytes: 100 }), back);
    await store.put('a', bytes(10));
    expect(store.persistence).toBe('on');
    back.disable();
    await store.put('b', bytes(10));
    expect(store.degraded).toBe(true);
    expect(store.reason?.kind).toBe('unavailable');
    expect(back.map.has('b')).toBe(false);
    expect((await store.keys()).sort()).toEqual(['a', 'b']);
    expect(await store.get('b')).toBeDefined();
  });

  it('without persistence is memory only and not degraded', async () => {
    const store = new TieredShardStore(new MemoryShardStore({ maxBytes: 100 }), null);
    await store.put('a', bytes(10));
    expect(store.persistence).toBe('off');
    expect(store.degraded).toBe(false);
    expect(store.reason).toBeNull();
    await expect(store.put('b', bytes(101))).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('deletes from both tiers', async () => {
    const back = new FakePersistent(1000);
    const store = new TieredShardStore(new MemoryShardStore({ maxBytes: 100 }), back);
    await store.put('a', bytes(10));
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.keys()).toEqual([]);
  });
});
