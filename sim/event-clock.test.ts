import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventClock, SimStuckError } from './event-clock.ts';

describe('EventClock', () => {
  it('runs timers in time order, ties in insertion order, and skips cancelled ones', async () => {
    const clock = new EventClock();
    const seen: string[] = [];
    clock.setTimer(30, () => seen.push('c'));
    clock.setTimer(10, () => seen.push('a'));
    clock.setTimer(10, () => seen.push('b'));
    const cancel = clock.setTimer(20, () => seen.push('x'));
    cancel();
    await clock.runUntil(100);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(100);
  });

  it('runs 0-ms timers (replanSoon) at once without starving later ones, and stops a 0-ms loop', async () => {
    const clock = new EventClock(1);
    const seen: string[] = [];
    let chain = 0;
    const again = () => {
      chain += 1;
      if (chain < 1000) clock.setTimer(0, again);
      else seen.push(`chain@${clock.now()}`);
    };
    clock.setTimer(10, again);
    clock.setTimer(15, () => seen.push(`later@${clock.now()}`));
    await clock.runUntil(20);
    expect(seen).toEqual(['chain@10', 'later@15']);

    const forever = () => clock.setTimer(0, forever);
    clock.setTimer(1, forever);
    await expect(clock.runUntil(100)).rejects.toBeInstanceOf(SimStuckError);
  });

  it('lets promise chains finish at the instant of the timer that started them', async () => {
    const clock = new EventClock();
    let at = -1;
    clock.setTimer(5, () => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => {
          at = clock.now();
        });
    });
    clock.setTimer(50, () => undefined);
    await clock.runUntil(100);
    expect(at).toBe(5);
  });

  it('pops any set of timers in sorted order (heap property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), async (delays) => {
        const clock = new EventClock();
        const fired: number[] = [];
        for (const d of delays) clock.setTimer(d, () => fired.push(clock.now()));
        await clock.runUntil(2000);
        expect(fired).toEqual([...delays].sort((a, b) => a - b));
      }),
      { numRuns: 30 },
    );
  });
});
