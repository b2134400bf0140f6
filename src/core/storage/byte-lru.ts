// A least-recently-used map with a byte cap. JavaScript Maps iterate in insertion order,
// so "touch" is delete + re-insert and the oldest entry is the first key: every operation
// is O(1) (eviction is O(1) per evicted entry).

import { assertByteCap, StorageError } from './errors.ts';

interface Slot<V> {
  value: V;
  /** Recorded at insertion: the value's own size may change later (a detached buffer reads 0). */
  size: number;
}

export class ByteLru<V> {
  readonly #slots = new Map<string, Slot<V>>();
  #bytes = 0;
  #maxBytes: number;

  constructor(maxBytes: number) {
    assertByteCap('maxBytes', maxBytes);
    this.#maxBytes = maxBytes;
  }

  get maxBytes(): number {
    return this.#maxBytes;
  }

  /** Sum of the sizes of all entries; never above `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  get count(): number {
    return this.#slots.size;
  }

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  /** The recorded size of `key`, or undefined. Does not count as a use. */
  sizeOf(key: string): number | undefined {
    return this.#slots.get(key)?.size;
  }

  /** Reads without counting as a use. */
  peek(key: string): V | undefined {
    return this.#slots.get(key)?.value;
  }

  /** Reads and marks `key` most recently used. */
  get(key: string): V | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    return slot.value;
  }

  /**
   * Inserts or replaces `key` as most recently used and returns the entries evicted to stay
   * under the cap (oldest first; never `key` itself). Throws `StorageError('too-large')`,
   * leaving the map unchanged, when `size` alone exceeds the cap.
   */
  set(key: string, value: V, size: number): Array<[string, V]> {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new StorageError('bad-config', `size of ${key} must be a non-negative integer, got ${size}`);
    }
    if (size > this.#maxBytes) {
      throw new StorageError('too-large', `${key} is ${size} bytes, above the cap of ${this.#maxBytes}`);
    }
    this.delete(key);
    this.#slots.set(key, { value, size });
    this.#bytes += size;
    return this.#evictOverflow();
  }

  /** Removes `key`; returns its value if it was present. */
  delete(key: string): V | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#slots.delete(key);
    this.#bytes -= slot.size;
    return slot.value;
  }

  /** Keys from least to most recently used. */
  keys(): string[] {
    return [...this.#slots.keys()];
  }

  /** Lowers or raises the cap; returns what had to be evicted. */
  setMaxBytes(maxBytes: number): Array<[string, V]> {
    assertByteCap('maxBytes', maxBytes);
    this.#maxBytes = maxBytes;
    return this.#evictOverflow();
  }

  clear(): void {
    this.#slots.clear();
    this.#bytes = 0;
  }

  #evictOverflow(): Array<[string, V]> {
    const evicted: Array<[string, V]> = [];
    for (const [key, slot] of this.#slots) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#slots.delete(key);
      this.#bytes -= slot.size;
      evicted.push([key, slot.value]);
    }
    return evicted;
  }
}
