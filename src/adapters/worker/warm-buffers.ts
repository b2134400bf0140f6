// Result buffers whose pages are already touched. A result must be fresh memory (the caller keeps
// it), and fresh memory is what costs: each new page faults on first write (~1 ms per MiB in
// Chromium on bench:worker's VM, against ~0.1 ms to copy 2 MiB into a warm buffer). So while the
// worker is idle it touches a spare for each recent result size, a slice per step, and a job takes
// one, shrunk to the exact length. Spares are resizable ArrayBuffers: shrinking hands the tail's
// pages back, and callers see an exact byteLength. Without them, results are plain new arrays.

const KiB = 1024;
/** Spares are whole pages. */
const UNIT = 4 * KiB;
/** A spare serves results from 1/FIT of its size up to its size. */
const FIT = 1.5;
/** Room for the next segment of a rendition, often a little larger than the last. */
const HEADROOM = 1.125;
/** Touched per step: a job arriving meanwhile waits for one step (~0.25 ms) at most. */
const STEP = 256 * KiB;

type Resizable = ArrayBuffer & { resize(bytes: number): void; readonly resizable: boolean };
type ResizableConstructor = new (bytes: number, options: { maxByteLength: number }) => Resizable;

export interface WarmBuffersOptions {
  /** Spares kept (one per recent result size): encode's parity block and decode's segment. */
  maxSpares: number;
  /** Smaller results (digests) are plain arrays: their few pages cost little. */
  minBytes: number;
  /** Larger results are plain arrays too: no spare that large is kept. */
  maxBytes: number;
}

const DEFAULTS: WarmBuffersOptions = { maxSpares: 2, minBytes: 64 * KiB, maxBytes: 16 * 1024 * KiB };

export class WarmBuffers {
  private readonly options: WarmBuffersOptions;
  private spares: Resizable[] = [];
  /** The spare being touched, and how far. */
  private touching: { spare: Resizable; done: number } | null = null;
  /** Sizes of the latest results worth a spare, newest last. */
  private recent: number[] = [];

  constructor(options: Partial<WarmBuffersOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * True where ArrayBuffers can be resizable and such a buffer can be transferred (Chromium 111,
   * Firefox 128, Safari 16.4, Node 20): results go out through postMessage.
   */
  static supported(): boolean {
    try {
      const probe = new (ArrayBuffer as unknown as ResizableConstructor)(1, { maxByteLength: 2 });
      const moved = structuredClone(probe, { transfer: [probe] }) as Partial<Resizable>;
      return probe.resizable === true && moved.resizable === true && moved.byteLength === 1;
    } catch {
      return false;
    }
  }

  /** A zeroed array of exactly `bytes` bytes that nobody else holds: a warm spare when one fits. */
  take(bytes: number): Uint8Array {
    const { minBytes, maxBytes, maxSpares } = this.options;
    if (bytes < minBytes || bytes > maxBytes) return new Uint8Array(bytes);
    this.recent.push(bytes);
    if (this.recent.length > maxSpares) this.recent.shift();
    const at = this.spares.findIndex((spare) => fits(spare, bytes));
    if (at < 0) return new Uint8Array(bytes);
    const spare = this.spares.splice(at, 1)[0]!;
    spare.resize(bytes);
    return new Uint8Array(spare, 0, bytes);
  }

  /**
   * One step of idle work: drops spares no recent size wants, or touches the next slice of a spare
   * for a size that has none. False when nothing is left to do.
   */
  refillStep(): boolean {
    const wanted = (spare: ArrayBuffer) => this.recent.some((bytes) => fits(spare, bytes));
    const kept = this.spares.filter(wanted);
    let worked = kept.length < this.spares.length;
    this.spares = kept;
    if (this.touching && !wanted(this.touching.spare)) {
      this.touching = null;
      worked = true;
    }
    if (!this.touching) {
      const bare = this.recent.find((bytes) => !this.spares.some((spare) => fits(spare, bytes)));
      if (bare === undefined || this.spares.length >= this.options.maxSpares) return worked;
      const size = Math.ceil((bare * HEADROOM) / UNIT) * UNIT;
      const spare = new (ArrayBuffer as unknown as ResizableConstructor)(size, { maxByteLength: size });
      this.touching = { spare, done: 0 };
    }
    const { spare, done } = this.touching;
    // Writing faults the pages in now, off any job's clock (a new buffer reads as zeros anyway).
    new Uint8Array(spare).fill(0, done, done + STEP);
    this.touching.done = done + STEP;
    if (this.touching.done >= spare.byteLength) {
      this.spares.push(spare);
      this.touching = null;
    }
    return true;
  }

  /** Bytes held in spares (for tests and the docs' memory figures). */
  get spareBytes(): number {
    return this.spares.reduce((sum, spare) => sum + spare.byteLength, 0);
  }
}

function fits(spare: ArrayBuffer, bytes: number): boolean {
  return spare.byteLength >= bytes && spare.byteLength <= bytes * FIT;
}
