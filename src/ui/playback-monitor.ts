// Watches the <video> element itself, so startup and stalls are what a viewer sees,
// whatever the loaders claim.

export interface PlaybackFigures {
  /** Milliseconds from load() to the first frame playing, or null before that. */
  startupMs: number | null;
  stalls: number;
  stallMs: number;
  /** Seconds of media buffered ahead of the playhead. */
  bufferAhead: number;
  currentTime: number;
}

export class PlaybackMonitor {
  private loadStart = performance.now();
  private startupMs: number | null = null;
  private stalls = 0;
  private stallMs = 0;
  private stallStart: number | null = null;
  private readonly listeners: Array<[string, () => void]> = [];

  constructor(private readonly video: HTMLVideoElement) {
    this.listen('playing', () => {
      const now = performance.now();
      if (this.startupMs === null) this.startupMs = now - this.loadStart;
      if (this.stallStart !== null) {
        this.stallMs += now - this.stallStart;
        this.stallStart = null;
      }
    });
    // A stall is the player waiting for data after it has started; seeking is not a stall.
    this.listen('waiting', () => {
      if (this.startupMs === null || this.video.seeking || this.stallStart !== null) return;
      this.stalls += 1;
      this.stallStart = performance.now();
    });
  }

  /** Starts timing a new source. */
  restart(): void {
    this.loadStart = performance.now();
    this.startupMs = null;
    this.stalls = 0;
    this.stallMs = 0;
    this.stallStart = null;
  }

  figures(): PlaybackFigures {
    const open = this.stallStart === null ? 0 : performance.now() - this.stallStart;
    return {
      startupMs: this.startupMs,
      stalls: this.stalls,
      stallMs: this.stallMs + open,
      bufferAhead: bufferAhead(this.video),
      currentTime: this.video.currentTime,
    };
  }

  dispose(): void {
    for (const [type, fn] of this.listeners) this.video.removeEventListener(type, fn);
  }

  private listen(type: string, fn: () => void): void {
    this.video.addEventListener(type, fn);
    this.listeners.push([type, fn]);
  }
}

export function bufferAhead(video: HTMLVideoElement): number {
  const t = video.currentTime;
  const ranges = video.buffered;
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.start(i) <= t + 0.1 && t < ranges.end(i)) return ranges.end(i) - t;
  }
  return 0;
}
