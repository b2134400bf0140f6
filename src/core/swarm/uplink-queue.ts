// The uploader's single queue for its single uplink. All peers' shard requests wait here,
// earliest due first (askers that relay ahead of those that cannot), and only a little is
// handed to the links at a time: the links share one access link, so per-link queues let a slow
// uplink fill with shards that arrive after their askers have gone to the origin. A request the
// uplink cannot deliver before its asker gives up is refused at once, so the asker asks someone
// else while there is still time.

import { DrainRate } from './drain-rate.ts';

export interface UplinkJob<T> {
  readonly item: T;
  /** Bytes it puts on the links (payload and header). */
  readonly bytes: number;
  /** Clock time after which its asker no longer wants it. */
  readonly dueAt: number;
  /**
   * 0 (the default) goes before 1, earliest due first within each: askers that relay what they
   * get (lane 0) before those that cannot (see uploader.ts).
   */
  readonly lane?: 0 | 1;
}

/** Whether `a` leaves the uplink after `b`: by lane, then by due time. */
function after<T>(a: UplinkJob<T>, b: UplinkJob<T>): boolean {
  const laneA = a.lane ?? 0;
  const laneB = b.lane ?? 0;
  return laneA !== laneB ? laneA > laneB : a.dueAt > b.dueAt;
}

/**
 * Another job is handed to the links while they hold less than this much time of sending, or
 * less than one job: they never run dry, and what they hold can no longer be refused.
 */
const LINK_ROOM_MS = 100;
/**
 * While jobs wait, the queue looks again at least this often: a rate measured too low must not
 * leave the links idle (the browser tells of a drain only below a high mark), or what then
 * leaves would be measured as the uplink's rate, lower still.
 */
const MAX_WAKE_MS = 20;

export class UplinkQueue<T> {
  readonly rate: DrainRate;
  private readonly jobs: UplinkJob<T>[] = [];

  /** `capBytesPerMs`: the configured upload cap (Infinity: measure only). */
  constructor(capBytesPerMs = Number.POSITIVE_INFINITY) {
    this.rate = new DrainRate(capBytesPerMs);
  }

  get size(): number {
    return this.jobs.length;
  }

  /**
   * Queues `job` unless, after the `backlog` bytes already in the links and the queued jobs that
   * go first, it would leave the uplink after its due time: then false (refuse it now).
   * With the rate not yet known, everything is queued; an idle uplink queues at least one.
   */
  offer(job: UplinkJob<T>, now: number, backlog: number): boolean {
    let at = this.jobs.length;
    while (at > 0 && after(this.jobs[at - 1]!, job)) at--;
    // An idle uplink takes one job whatever the estimate: it measures the rate again.
    if (this.rate.known && !(backlog <= 0 && at === 0)) {
      let ahead = backlog + job.bytes;
      for (let i = 0; i < at; i++) ahead += this.jobs[i]!.bytes;
      if (now + ahead / this.rate.bytesPerMs > job.dueAt) return false;
    }
    this.jobs.splice(at, 0, job);
    return true;
  }

  /** Removes and returns the queued jobs that can no longer leave in time (to be refused). */
  shed(now: number, backlog: number): UplinkJob<T>[] {
    if (!this.rate.known || this.jobs.length === 0) return [];
    const late: UplinkJob<T>[] = [];
    let ahead = backlog;
    const rate = this.rate.bytesPerMs;
    for (let i = 0; i < this.jobs.length; ) {
      const job = this.jobs[i]!;
      if (now + (ahead + job.bytes) / rate > job.dueAt) {
        late.push(job);
        this.jobs.splice(i, 1);
      } else {
        ahead += job.bytes;
        i++;
      }
    }
    this.noteIfEmpty();
    return late;
  }

  /** The next job to hand to the links, when their `backlog` leaves room for it. */
  next(backlog: number): UplinkJob<T> | undefined {
    const job = this.jobs[0];
    if (!job || backlog >= this.room(job.bytes)) return undefined;
    this.jobs.shift();
    this.noteIfEmpty();
    return job;
  }

  /** Ms until the links' backlog has drained enough for the next job (Infinity: queue empty). */
  wakeInMs(backlog: number): number {
    const job = this.jobs[0];
    if (!job) return Number.POSITIVE_INFINITY;
    const excess = backlog - this.room(job.bytes);
    if (excess < 0) return 0;
    const pace = this.rate.pacingBytesPerMs;
    return pace > 0 ? Math.min(excess / pace, MAX_WAKE_MS) : LINK_ROOM_MS / 2;
  }

  /** Removes and returns the queued jobs `drop` selects (cancelled, or their peer left). */
  remove(drop: (item: T) => boolean): UplinkJob<T>[] {
    const removed: UplinkJob<T>[] = [];
    for (let i = this.jobs.length - 1; i >= 0; i--)
      if (drop(this.jobs[i]!.item)) removed.push(...this.jobs.splice(i, 1));
    this.noteIfEmpty();
    return removed.reverse();
  }

  /** Nothing waits: from here the links may idle, which is not the uplink's rate. */
  private noteIfEmpty(): void {
    if (this.jobs.length === 0) this.rate.interrupt();
  }

  private room(jobBytes: number): number {
    return Math.max(jobBytes, this.rate.pacingBytesPerMs * LINK_ROOM_MS);
  }
}
