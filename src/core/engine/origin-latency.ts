// How long the origin takes to answer, as a figure to plan against: not its typical latency
// but one it rarely exceeds. Like TCP's retransmission timeout, it is the smoothed mean plus
// four times the smoothed deviation, so a jittery origin (a busy CDN edge, a starved machine)
// earns itself a wider margin and a steady one a narrow margin. A request still unanswered
// proves the origin is at least that slow right now.

const PRIOR_MEAN_MS = 150;
/** Before any answer: half the prior mean, as TCP starts its deviation at half the first RTT. */
const PRIOR_DEVIATION_MS = PRIOR_MEAN_MS / 2;
const MEAN_GAIN = 0.3;
const DEVIATION_GAIN = 0.25;
const DEVIATIONS = 4;

export class OriginLatency {
  private meanMs = PRIOR_MEAN_MS;
  private deviationMs = PRIOR_DEVIATION_MS;
  private readonly inFlight = new Map<number, number>();
  private nextId = 0;

  /** A request leaves now: returns its token for `answered`. */
  started(now: number): number {
    const id = this.nextId++;
    this.inFlight.set(id, now);
    return id;
  }

  /** Its first byte came after `latencyMs` (pass null when it failed: it says nothing). */
  answered(token: number, latencyMs: number | null): void {
    this.inFlight.delete(token);
    if (latencyMs === null) return;
    const sample = Math.max(latencyMs, 0);
    this.deviationMs += DEVIATION_GAIN * (Math.abs(sample - this.meanMs) - this.deviationMs);
    this.meanMs += MEAN_GAIN * (sample - this.meanMs);
  }

  /** Ms to the first byte of a typical answer (the smoothed mean): what a request will likely take. */
  typicalMs(): number {
    return this.meanMs;
  }

  /** Ms to the first byte of a request sent now, allowing for the origin's spread. */
  planMs(now: number): number {
    let waited = 0;
    for (const since of this.inFlight.values()) waited = Math.max(waited, now - since);
    return Math.max(this.meanMs + DEVIATIONS * this.deviationMs, waited);
  }
}
