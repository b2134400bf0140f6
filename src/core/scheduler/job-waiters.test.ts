import { describe, expect, it } from 'vitest';
import { JobWaiters } from './job-waiters.ts';

describe('JobWaiters', () => {
  it('takes the earliest deadline, and the next one when that request is withdrawn', () => {
    const w = new JobWaiters<string>();
    expect(w.deadline).toBe(Number.POSITIVE_INFINITY);
    const late = w.add(5_000);
    const early = w.add(2_000);
    expect(w.deadline).toBe(2_000);
    early.withdraw();
    expect(w.deadline).toBe(5_000);
    late.withdraw();
    expect(w.deadline).toBe(Number.POSITIVE_INFINITY);
  });

  it('answers everyone still waiting, not a request withdrawn', async () => {
    const w = new JobWaiters<string>();
    const a = w.add(1_000);
    const b = w.add(2_000);
    const gone = w.add(500);
    gone.withdraw();
    let goneAnswered = false;
    void gone.promise.then(() => {
      goneAnswered = true;
    });
    w.resolveAll('segment');
    await expect(a.promise).resolves.toBe('segment');
    await expect(b.promise).resolves.toBe('segment');
    expect(goneAnswered).toBe(false);
    // The deadline stands once answered: a finished job stays the player's.
    expect(w.deadline).toBe(1_000);
  });

  it('rejects everyone waiting with the reason', async () => {
    const w = new JobWaiters<string>();
    const a = w.add(1_000);
    const reason = new Error('abandoned');
    w.rejectAll(reason);
    await expect(a.promise).rejects.toBe(reason);
    // Later answers reach no one.
    w.resolveAll('late');
  });
});
