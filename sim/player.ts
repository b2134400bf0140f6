// A player like hls.js over Shoal's loader: loads one segment at a time while the buffer is
// below its target, with deadline = time until the playhead reaches that segment; plays at 1x
// once the first segment is in; stalls when the playhead reaches the end of the buffer.
// Live: reloads the playlist every target duration and starts three segments behind the edge.

import type { Engine } from '../src/core/engine/engine.ts';
import type { Origin } from '../src/core/ports.ts';
import type { SimRendition, SimStream } from './content.ts';
import type { EventClock } from './event-clock.ts';
import type { Rng } from './rng.ts';

export interface PlayerOptions {
  /** Buffer the player fills ahead of the playhead, ms. */
  targetBufferMs: number;
  /** Highest rendition index this viewer's downlink sustains. */
  maxLevel: number;
  /** Mean time between level switches (bandwidth changes), ms; Infinity for none. */
  switchEveryMs: number;
}

/** What one viewer experienced. */
export class PlayerStats {
  joinedAt = 0;
  startupMs: number | null = null;
  stalls = 0;
  stallMs = 0;
  /** Time from playback start to leave (or the end of the run). */
  watchMs = 0;
  segments = 0;
  /** Virtual bytes of the segments it played (what a CDN-only player would have fetched). */
  demandBytes = 0;
  switches = 0;
  /** Live: jumps forward because it fell out of the playlist window. */
  jumps = 0;
  failures = 0;
}

export class Player {
  readonly stats = new PlayerStats();
  private level: number;
  private nextSeq = -1;
  private listedNewest = -1;
  private mediaPos = 0;
  private bufferEnd = 0;
  private lastUpdate = 0;
  private started = false;
  private playing = false;
  private stallStart = 0;
  private loading = false;
  private stopped = false;
  private ended = false;
  private refreshGeneration = 0;
  private wake: (() => void) | null = null;
  /** Each (rendition, sequence) this player loaded, for the bound on origin egress. */
  readonly loaded: Array<[number, number]> = [];

  constructor(
    private readonly engine: Engine,
    private readonly origin: Origin,
    private readonly stream: SimStream,
    private readonly clock: EventClock,
    private readonly rng: Rng,
    private readonly options: PlayerOptions,
  ) {
    this.level = options.maxLevel;
  }

  private get rendition(): SimRendition {
    return this.stream.renditions[this.level]!;
  }

  private get segmentMs(): number {
    return this.stream.options.segmentMs;
  }

  start(): void {
    this.stats.joinedAt = this.clock.now();
    this.lastUpdate = this.clock.now();
    void this.refresh(true);
    if (Number.isFinite(this.options.switchEveryMs)) this.scheduleSwitch();
  }

  stop(): void {
    if (this.stopped) return;
    this.update();
    if (!this.playing && this.started && !this.ended)
      this.stats.stallMs += this.clock.now() - this.stallStart;
    this.stopped = true;
    this.wake?.();
  }

  /** Loads the current rendition's playlist into the engine; live: again every target duration. */
  private async refresh(first: boolean, generation = ++this.refreshGeneration): Promise<void> {
    if (this.stopped || generation !== this.refreshGeneration) return;
    const rendition = this.rendition;
    try {
      const text = await this.origin.fetchText(rendition.playlistUrl, null);
      const newest = rendition.newest;
      await this.engine.onPlaylist(rendition.playlistUrl, text);
      if (this.stopped) return;
      this.listedNewest = newest;
      if (first) this.seek(rendition);
    } catch {
      this.stats.failures += 1;
    }
    if (this.stream.options.live)
      this.clock.setTimer(this.segmentMs, () => void this.refresh(false, generation));
    this.maybeLoad();
  }

  private seek(rendition: SimRendition): void {
    const seq = this.stream.options.live ? Math.max(rendition.firstListed(), rendition.newest - 2) : 0;
    this.nextSeq = seq;
    this.mediaPos = seq * this.segmentMs;
    this.bufferEnd = this.mediaPos;
  }

  private maybeLoad(): void {
    if (this.stopped || this.loading || this.nextSeq < 0) return;
    const rendition = this.rendition;
    if (this.stream.options.live && this.nextSeq < rendition.firstListed()) {
      // Fell out of the live window: hls.js jumps back to the live edge.
      this.update();
      this.stats.jumps += 1;
      this.seek(rendition);
      if (this.started && !this.playing) this.mediaPos = this.bufferEnd;
    }
    if (this.nextSeq > this.listedNewest || this.nextSeq >= this.stream.options.count) return;
    this.update();
    const ahead = this.bufferEnd - this.mediaPos;
    if (this.started && ahead >= this.options.targetBufferMs) {
      this.wake?.();
      this.wake = this.clock.setTimer(ahead - this.options.targetBufferMs + 1, () => {
        this.wake = null;
        this.maybeLoad();
      });
      return;
    }
    void this.load(rendition, this.nextSeq);
  }

  private async load(rendition: SimRendition, sequence: number): Promise<void> {
    this.loading = true;
    const deadlineMs = Math.max(0, sequence * this.segmentMs - this.mediaPos);
    try {
      const uri = rendition.uri(sequence);
      const result = await this.engine.loadSegment({
        playlistUrl: rendition.playlistUrl,
        sequence,
        uri,
        deadlineMs,
      });
      // Not in the manifest: the player loads it as it would without Shoal.
      if (!result) await this.origin.getBytes(rendition.url(sequence), null, null);
      if (this.stopped) return;
      this.onSegment(rendition, sequence);
    } catch {
      this.stats.failures += 1;
      this.loading = false;
      this.clock.setTimer(1000, () => this.maybeLoad());
    }
  }

  private onSegment(rendition: SimRendition, sequence: number): void {
    this.update();
    this.loading = false;
    this.loaded.push([rendition.index, sequence]);
    this.stats.segments += 1;
    this.stats.demandBytes += rendition.segmentBytes;
    this.nextSeq = sequence + 1;
    this.bufferEnd = Math.max(this.bufferEnd, (sequence + 1) * this.segmentMs);
    const now = this.clock.now();
    if (!this.started) {
      this.started = true;
      this.playing = true;
      this.stats.startupMs = now - this.stats.joinedAt;
    } else if (!this.playing) {
      this.playing = true;
      this.stats.stallMs += now - this.stallStart;
    }
    this.maybeLoad();
  }

  /** Advances the playhead to now; a buffer that ran dry becomes a stall from that moment. */
  private update(): void {
    const now = this.clock.now();
    if (this.playing) {
      const pos = this.mediaPos + (now - this.lastUpdate);
      this.stats.watchMs += now - this.lastUpdate;
      if (pos > this.bufferEnd) {
        this.mediaPos = this.bufferEnd;
        this.playing = false;
        if (this.atEnd()) {
          this.stats.watchMs -= pos - this.bufferEnd;
          this.ended = true;
        } else {
          this.stallStart = now - (pos - this.bufferEnd);
          this.stats.stalls += 1;
        }
      } else this.mediaPos = pos;
    } else if (this.started && !this.ended) this.stats.watchMs += now - this.lastUpdate;
    this.lastUpdate = now;
  }

  /** VOD: every segment is in; the buffer running out is the end, not a stall. */
  private atEnd(): boolean {
    return !this.stream.options.live && this.nextSeq >= this.stream.options.count;
  }

  private scheduleSwitch(): void {
    this.clock.setTimer(this.rng.exponential(this.options.switchEveryMs), () => {
      if (this.stopped) return;
      const up = this.level === 0 || (this.level < this.options.maxLevel && this.rng.next() < 0.5);
      const next = up ? Math.min(this.level + 1, this.options.maxLevel) : this.level - 1;
      if (next !== this.level) {
        this.level = next;
        this.stats.switches += 1;
        void this.refresh(false);
      }
      this.scheduleSwitch();
    });
  }
}
