// Runs jobs one at a time, each in its own task, so cancel messages that arrive meanwhile
// are seen before the next job starts (and the inline fallback lets the page breathe). A job may
// be async (a native hash): the next one starts when it has finished.

import type { JobRequest } from './protocol.ts';

/** One channel for every nextTask: creating a MessageChannel costs more than the message. */
let taskChannel: { post(): void; waiting: Array<() => void> } | null = null;

export function nextTask(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!taskChannel) {
    const channel = new MessageChannel();
    const waiting: Array<() => void> = [];
    // Each message wakes the oldest waiter: one task each, in order.
    channel.port1.onmessage = () => waiting.shift()?.();
    taskChannel = { post: () => channel.port2.postMessage(null), waiting };
  }
  const { post, waiting } = taskChannel;
  // Unlike nested setTimeout(0), a message is not clamped to 4 ms.
  return new Promise((resolve) => {
    waiting.push(resolve);
    post();
  });
}

export class JobQueue {
  private readonly queue: JobRequest[] = [];
  private readonly cancelled = new Set<number>();
  private running = false;

  /** `execute` must not throw or reject: it answers errors itself. `onIdle`: the queue ran dry. */
  constructor(
    private readonly execute: (job: JobRequest) => void | Promise<void>,
    private readonly onIdle: () => void = () => {},
  ) {}

  /** True while jobs are queued or running. */
  get busy(): boolean {
    return this.running;
  }

  push(job: JobRequest): void {
    this.queue.push(job);
    if (!this.running) void this.drain();
  }

  cancel(id: number): void {
    if (this.queue.some((job) => job.id === id)) this.cancelled.add(id);
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      await nextTask();
      const job = this.queue.shift()!;
      if (this.cancelled.delete(job.id)) continue;
      await this.execute(job);
    }
    this.running = false;
    this.onIdle();
  }
}
