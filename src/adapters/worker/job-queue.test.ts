import { describe, expect, it } from 'vitest';
import { nextTask } from './job-queue.ts';

describe('nextTask', () => {
  it('resolves after the current task, every waiter once and in order', async () => {
    const order: string[] = [];
    const waits = [1, 2, 3].map((n) => nextTask().then(() => order.push(`task ${n}`)));
    queueMicrotask(() => order.push('microtask'));
    order.push('sync');
    await Promise.all(waits);
    expect(order).toEqual(['sync', 'microtask', 'task 1', 'task 2', 'task 3']);
    // The shared channel keeps working for later waiters.
    await nextTask();
    await nextTask();
  });
});
