// Inputs cross to the worker in reused buffers. Fresh memory costs far more than a copy: every
// new page faults on first touch (bench:worker's machine: ~1 ms per MiB in Chromium, against
// ~0.1 ms to copy 2 MiB into a warm buffer). So the client copies a job's inputs back to back
// into one pooled buffer, transfers it, and the worker hands it back with its answer.

const UNIT = 64 * 1024;

export class StagingPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(
    /** Buffers kept between jobs (one per job in flight is plenty). */
    private readonly maxBuffers = 4,
    /** A buffer larger than this (an unusually large segment) is not kept. */
    private readonly maxBufferBytes = 16 * 1024 * 1024,
  ) {}

  /** Copies of `views`, back to back in one buffer (transfer it once for all of them). */
  stage(views: readonly Uint8Array[]): Uint8Array[] {
    const total = views.reduce((sum, v) => sum + v.length, 0);
    if (total === 0) return views.map(() => new Uint8Array(0));
    const buffer = this.take(total);
    let at = 0;
    return views.map((view) => {
      const copy = new Uint8Array(buffer, at, view.length);
      copy.set(view);
      at += view.length;
      return copy;
    });
  }

  /** A buffer the worker sent back, for later jobs: the smallest is dropped when full. */
  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0 || buffer.byteLength > this.maxBufferBytes) return;
    if (this.free.includes(buffer)) return;
    this.free.push(buffer);
    this.free.sort((a, b) => a.byteLength - b.byteLength);
    if (this.free.length > this.maxBuffers) this.free.shift();
  }

  /** Buffers kept now (for tests). */
  get size(): number {
    return this.free.length;
  }

  private take(bytes: number): ArrayBuffer {
    const at = this.free.findIndex((b) => b.byteLength >= bytes);
    if (at >= 0) return this.free.splice(at, 1)[0]!;
    // Headroom: the next segment of a rendition is often a little larger than this one.
    return new ArrayBuffer(Math.ceil((bytes * 1.125) / UNIT) * UNIT);
  }
}
