// The event clock's queue: a 4-ary min-heap of items by (time, insertion order), whose keys live
// in typed arrays beside the items. Sifting compares keys only, from contiguous memory (a node's
// four children share a cache line), instead of loading every timer object on the way: with
// dozens of timers per viewer the heap outgrows the CPU caches, and those loads were most of the
// clock's time. Keys are unique, so the order items come out in is fully determined.

export class TimerHeap<T> {
  private at = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Due time of the first item (undefined when empty). */
  peekAt(): number | undefined {
    return this.items.length > 0 ? this.at[0] : undefined;
  }

  push(at: number, seq: number, item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    if (i >= this.at.length) this.grow();
    const keys = this.at;
    const seqs = this.seq;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      if (!(at < keys[parent]! || (at === keys[parent]! && seq < seqs[parent]!))) break;
      keys[i] = keys[parent]!;
      seqs[i] = seqs[parent]!;
      items[i] = items[parent]!;
      i = parent;
    }
    keys[i] = at;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Removes and returns the first item (the heap must not be empty). */
  pop(): T {
    const items = this.items;
    const keys = this.at;
    const seqs = this.seq;
    const top = items[0]!;
    const last = items.pop()!;
    const n = items.length;
    if (n === 0) return top;
    const at = keys[n]!;
    const seq = seqs[n]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let child = first;
      const end = Math.min(first + 4, n);
      for (let c = first + 1; c < end; c++)
        if (keys[c]! < keys[child]! || (keys[c] === keys[child] && seqs[c]! < seqs[child]!)) child = c;
      if (!(keys[child]! < at || (keys[child] === at && seqs[child]! < seq))) break;
      keys[i] = keys[child]!;
      seqs[i] = seqs[child]!;
      items[i] = items[child]!;
      i = child;
    }
    keys[i] = at;
    seqs[i] = seq;
    items[i] = last;
    return top;
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2);
    at.set(this.at);
    this.at = at;
    const seq = new Float64Array(this.seq.length * 2);
    seq.set(this.seq);
    this.seq = seq;
  }
}
