// Buffer level per second and the seconds in which a stall began, for the buffer chart.

export interface PlaybackSample {
  /** Seconds of media buffered ahead of the playhead. */
  bufferAhead: number;
  /** Stalls counted since playback started (monotonic). */
  stalls: number;
}

export interface BufferWindow {
  seconds: number[];
  /** Last buffer level seen in each second; null when no sample fell in it. */
  buffer: Array<number | null>;
  /** The buffer level at each second where a new stall began; null elsewhere (drawn as marks). */
  stallMarks: Array<number | null>;
  /** New stalls within the window. */
  stallsInWindow: number;
}

interface Bin {
  buffer: number;
  newStalls: number;
}

export class BufferSeries {
  private readonly bins = new Map<number, Bin>();
  private lastStalls: number | null = null;

  constructor(private readonly windowSeconds = 120) {}

  sample(nowMs: number, sample: PlaybackSample): void {
    const second = Math.floor(nowMs / 1000);
    // The first sample only sets the baseline: stalls before the view mounted are not ours to mark.
    const added = this.lastStalls === null ? 0 : Math.max(0, sample.stalls - this.lastStalls);
    this.lastStalls = sample.stalls;
    const bin = this.bins.get(second);
    if (bin) {
      bin.buffer = sample.bufferAhead;
      bin.newStalls += added;
    } else {
      this.bins.set(second, { buffer: sample.bufferAhead, newStalls: added });
    }
  }

  /** The window ends with the running second: the buffer level is a level, not a sum, so it is never partial. */
  window(nowMs: number): BufferWindow {
    const last = Math.floor(nowMs / 1000);
    const first = last - this.windowSeconds + 1;
    for (const second of this.bins.keys()) if (second < first) this.bins.delete(second);
    const out: BufferWindow = { seconds: [], buffer: [], stallMarks: [], stallsInWindow: 0 };
    for (let s = first; s <= last; s++) {
      const bin = this.bins.get(s);
      out.seconds.push(s);
      out.buffer.push(bin ? bin.buffer : null);
      out.stallMarks.push(bin && bin.newStalls > 0 ? bin.buffer : null);
      out.stallsInWindow += bin?.newStalls ?? 0;
    }
    return out;
  }
}
