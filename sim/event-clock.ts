// Virtual time for the simulator: timers in a heap (O(log n) per timer, where the test
// VirtualClock scans all timers), run in (time, insertion) order. After each timer the
// microtask queue is drained with one setImmediate, so the engine's promise chains finish
// at the virtual instant that started them.

import type { Clock } from '../src/core/ports.ts';
import { TimerHeap } from './timer-heap.ts';

/** The simulation cannot advance: something keeps scheduling work at one virtual instant. */
export class SimStuckError extends Error {
  readonly kind = 'sim-stuck';
  constructor(
    readonly at: number,
    readonly events: number,
  ) {
    super(`simulated time stuck at ${at} ms: ${events} events without time advancing (a 0-ms timer loop?)`);
    this.name = 'SimStuckError';
  }
}

/** Events at one virtual instant beyond which the run is declared stuck (a real instant sees < 10^5). */
const MAX_EVENTS_PER_INSTANT = 2_000_000;

/** Work the simulator schedules for itself: an object, so a frame in flight needs no closures. */
export interface Task {
  run(): void;
}

/**
 * An engine's callback (setTimer) as the heap holds it. The simulator's own tasks go into the heap
 * as they are (schedule): no wrapper per frame in flight, and one object fewer to load per event.
 */
class Callback implements Task {
  cancelled = false;

  constructor(private readonly fn: () => void) {}

  run(): void {
    this.fn();
  }
}

export class EventClock implements Clock {
  private time = 0;
  private seq = 0;
  private readonly heap = new TimerHeap<Task | Callback>();
  /** Timers run so far (the simulator's event count). */
  events = 0;

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = new Callback(fn);
    this.heap.push(this.time + Math.max(ms, 0), this.seq++, timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Runs `task` in `ms`, in the same order as a timer set now (it cannot be cancelled). */
  schedule(ms: number, task: Task): void {
    this.heap.push(this.time + Math.max(ms, 0), this.seq++, task);
  }

  /** Timers waiting (cancelled ones included until they surface). */
  get pending(): number {
    return this.heap.size;
  }

  /**
   * @param quantumMs timers due within this many ms of each other run back to back before the
   *   microtask queue is drained: promise continuations may then see the clock up to that much
   *   later than the timer that started them. 0 keeps every continuation exact.
   */
  constructor(readonly quantumMs = 0) {}

  /** Runs every timer due up to `end`, in order, then sets the clock to `end`. */
  async runUntil(end: number): Promise<void> {
    await drainMicrotasks();
    const heap = this.heap;
    let instant = this.time;
    let atInstant = 0;
    let next = heap.peekAt();
    while (next !== undefined && next <= end) {
      const batchEnd = Math.min(next + this.quantumMs, end);
      for (; next !== undefined && next <= batchEnd; next = heap.peekAt()) {
        const timer = heap.pop();
        if (timer instanceof Callback && timer.cancelled) continue;
        if (next > this.time) this.time = next;
        // 0-ms timers (replanSoon) run in this batch, after those already due: they cannot starve
        // later timers unless they reschedule themselves forever, which this catches.
        if (this.time !== instant) {
          instant = this.time;
          atInstant = 0;
        } else if (++atInstant > MAX_EVENTS_PER_INSTANT) throw new SimStuckError(instant, atInstant);
        this.events += 1;
        timer.run();
      }
      await drainMicrotasks();
      next = heap.peekAt();
    }
    if (end > this.time) this.time = end;
  }
}

/** Node runs the whole microtask queue before a macrotask: one setImmediate drains it. */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
