import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StorageError } from './errors.ts';
import { MemoryShardStore } from './lru-store.ts';

/** The reference: an array ordered least → most recently used, searched linearly. */
class ReferenceLru {
  entries: Array<{ key: string; size: number; tag: number }> = [];
  constructor(readonly cap: number) {}

  bytes(): number {
    return this.entries.reduce((sum, e) => sum + e.size, 0);
  }

  put(key: string, size: number, tag: number): 'ok' | 'too-large' {
    if (size > this.cap) return 'too-large';
    this.entries = this.entries.filter((e) => e.key !== key);
    this.entries.push({ key, size, tag });
    while (this.bytes() > this.cap) this.entries.shift();
    return 'ok';
  }

  get(key: string): number | undefined {
    const i = this.entries.findIndex((e) => e.key === key);
    if (i < 0) return undefined;
    const [entry] = this.entries.splice(i, 1);
    this.entries.push(entry!);
    return entry!.tag;
  }

  delete(key: string): void {
    this.entries = this.entries.filter((e) => e.key !== key);
  }
}

type Op =
  | { op: 'put'; key: string; size: number }
  | { op: 'get'; key: string }
  | { op: 'delete'; key: string };

const keyArb = fc.constantFrom('a/0/1/0', 'a/0/1/1', 'a/0/2/0', 'b/1/7/3', 'c/0/0/0', 'c/0/0/1');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('put' as const), key: keyArb, size: fc.nat(120) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), key: keyArb }) },
);

/** Bytes whose first byte identifies which put wrote them (size 0 puts carry no tag). */
function tagged(size: number, tag: number): Uint8Array {
  const data = new Uint8Array(size);
  if (size > 0) data[0] = tag % 256;
  return data;
}

describe('MemoryShardStore', () => {
  it('matches a reference LRU model on random put/get/delete sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(300), fc.array(opArb, { maxLength: 80 }), async (cap, ops) => {
        const store = new MemoryShardStore({ maxBytes: cap });
        const model = new ReferenceLru(cap);
        let tag = 0;
        for (const step of ops) {
          if (step.op === 'put') {
            tag++;
            const expected = model.put(step.key, step.size, tag);
            const outcome = await store.put(step.key, tagged(step.size, tag)).then(
              () => 'ok',
              (e: unknown) => (e instanceof StorageError ? e.kind : 'other'),
            );
            expect(outcome).toBe(expected);
          } else if (step.op === 'get') {
            const expectedTag = model.get(step.key);
            const data = await store.get(step.key);
            expect(data === undefined).toBe(expectedTag === undefined);
            if (data !== undefined && data.byteLength > 0) expect(data[0]).toBe(expectedTag! % 256);
          } else {
            model.delete(step.key);
            await store.delete(step.key);
          }
          expect(await store.keys()).toEqual(model.entries.map((e) => e.key));
          expect(store.bytes).toBe(model.bytes());
          expect(store.bytes).toBeLessThanOrEqual(cap);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('evicts the least recently used entry, counting gets as uses', async () => {
    const evicted: string[] = [];
    const store = new MemoryShardStore({ maxBytes: 30, onEvict: (key) => evicted.push(key) });
    await store.put('a', new Uint8Array(10));
    await store.put('b', new Uint8Array(10));
    await store.put('c', new Uint8Array(10));
    await store.get('a');
    await store.put('d', new Uint8Array(10));
    expect(evicted).toEqual(['b']);
    expect(await store.keys()).toEqual(['c', 'a', 'd']);
  });

  it('replaces a key already present without double counting its bytes', async () => {
    const store = new MemoryShardStore({ maxBytes: 100 });
    await store.put('k', new Uint8Array(40));
    await store.put('k', new Uint8Array(60));
    expect(store.bytes).toBe(60);
    expect((await store.get('k'))?.byteLength).toBe(60);
  });

  it('refuses an item larger than the whole cap with a typed error and keeps the old value', async () => {
    const store = new MemoryShardStore({ maxBytes: 16 });
    await store.put('k', new Uint8Array(8));
    const error = await store.put('k', new Uint8Array(17)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('too-large');
    expect((await store.get('k'))?.byteLength).toBe(8);
  });

  it('reads a detached buffer as a miss instead of empty bytes', async () => {
    const store = new MemoryShardStore({ maxBytes: 100 });
    const data = new Uint8Array(10);
    await store.put('k', data);
    structuredClone(data.buffer, { transfer: [data.buffer] });
    expect(await store.get('k')).toBeUndefined();
    expect(store.bytes).toBe(0);
  });

  it('rejects a negative or fractional cap', () => {
    expect(() => new MemoryShardStore({ maxBytes: -1 })).toThrow(StorageError);
    expect(() => new MemoryShardStore({ maxBytes: 1.5 })).toThrow(/bad-config/);
  });

  it('survives an eviction listener that throws', async () => {
    const store = new MemoryShardStore({
      maxBytes: 10,
      onEvict: () => {
        throw new Error('listener bug');
      },
    });
    await store.put('a', new Uint8Array(10));
    await store.put('b', new Uint8Array(10));
    expect(await store.keys()).toEqual(['b']);
  });
});
