import { describe, expect, it } from 'vitest';
import { type UplinkJob, UplinkQueue } from './uplink-queue.ts';

const job = (item: string, dueAt: number, bytes = 100): UplinkJob<string> => ({ item, bytes, dueAt });

/** A queue whose uplink is known to send 1 byte per ms. */
const queue = () => new UplinkQueue<string>(1);

describe('UplinkQueue', () => {
  it('takes a job on an idle uplink', () => {
    const q = queue();
    expect(q.offer(job('a', 500), 0, 0)).toBe(true);
    expect(q.next(0)?.item).toBe('a');
  });

  it('refuses a job the committed uplink cannot send before it is due', () => {
    const q = queue();
    // 1000 bytes already in the links: a 100-byte shard would leave at 1100 ms.
    expect(q.offer(job('late', 1000), 0, 1000)).toBe(false);
    expect(q.offer(job('fits', 1100), 0, 1000)).toBe(true);
    // Queued jobs count too: another 100-byte job due at 1150 would leave at 1200.
    expect(q.offer(job('behind', 1150), 0, 1000)).toBe(false);
    expect(q.size).toBe(1);
  });

  it('queues everything while the rate is unknown', () => {
    const q = new UplinkQueue<string>();
    expect(q.offer(job('a', 1), 0, 1_000_000)).toBe(true);
  });

  it('hands more at a time once the links were seen to empty fast, the rate still unmeasured', () => {
    const q = new UplinkQueue<string>();
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) q.offer(job(name, 10_000), 0, 0);
    // Unmeasured: one job at a time (100 bytes), looked at again in 50 ms.
    q.rate.observe(0, 0, 0);
    expect(q.next(0)?.item).toBe('a');
    expect(q.next(100)).toBeUndefined();
    expect(q.wakeInMs(100)).toBe(50);
    // 20 ms later the links are empty: at least 5 bytes per ms, so 100 ms of room is 500 bytes.
    q.rate.observe(20, 100, 0);
    expect(q.rate.known).toBe(false);
    const handed: string[] = [];
    let backlog = 0;
    for (let next = q.next(backlog); next; next = q.next(backlog)) {
      handed.push(next.item);
      backlog += next.bytes;
    }
    expect(handed).toEqual(['b', 'c', 'd', 'e', 'f']);
    // Still queued as if unmeasured: a floor refuses nothing.
    expect(q.offer(job('g', 1), 20, 1_000_000)).toBe(true);
  });

  it('serves the earliest due first and hands the links only a little at a time', () => {
    const q = queue();
    q.offer(job('later', 5000), 0, 0);
    q.offer(job('sooner', 3000), 0, 0);
    q.offer(job('last', 9000), 0, 0);
    expect(q.next(0)?.item).toBe('sooner');
    expect(q.next(50)?.item).toBe('later'); // the first is half sent
    // A job and a half in the links (over 100 ms of sending): no room for a third yet.
    expect(q.next(150)).toBeUndefined();
    // 50 ms at the measured rate, but it looks again within 20: a rate measured too low must
    // not leave the links idle.
    expect(q.wakeInMs(150)).toBe(20);
    expect(q.wakeInMs(110)).toBeCloseTo(10);
    expect(q.next(99)?.item).toBe('last');
  });

  it('serves askers that relay (lane 0) before those that cannot, earliest due first in each', () => {
    const q = queue();
    q.offer({ ...job('weak-soon', 1000), lane: 1 }, 0, 0);
    q.offer(job('relay-late', 5000), 0, 0);
    q.offer({ ...job('weak-later', 2000), lane: 1 }, 0, 0);
    q.offer(job('relay-sooner', 4000), 0, 0);
    const order = [q.next(0), q.next(0), q.next(0), q.next(0)].map((j) => j?.item);
    expect(order).toEqual(['relay-sooner', 'relay-late', 'weak-soon', 'weak-later']);
  });

  it('counts the relayers queued ahead when it admits a job that cannot relay', () => {
    const q = queue();
    // The idle uplink takes its first job whatever the estimate; the next ones are checked.
    q.offer(job('first', 10_000, 100), 0, 0);
    q.offer(job('relay', 10_000, 900), 0, 100);
    // 100 bytes in the links, then the queued 100 and 900: a 100-byte job leaves at 1200 ms,
    // however soon it is due (it cannot go ahead of a relayer).
    expect(q.offer({ ...job('weak', 1100), lane: 1 }, 0, 100)).toBe(false);
    expect(q.offer({ ...job('weak', 1200), lane: 1 }, 0, 100)).toBe(true);
  });

  it('sheds the jobs that can no longer leave in time, keeping the rest', () => {
    const q = queue();
    q.offer(job('a', 1000), 0, 0);
    q.offer(job('b', 3000), 0, 0);
    // 900 bytes went into the links meanwhile: 'a' would now leave at 1000 + 100 ms.
    expect(q.shed(100, 900).map((j) => j.item)).toEqual(['a']);
    expect(q.size).toBe(1);
  });

  it('ends the rate measurement whenever nothing waits (the links may then idle)', () => {
    const q = new UplinkQueue<string>();
    q.rate.observe(0, 0, 0);
    q.offer(job('a', 5000), 0, 0);
    q.next(0); // the queue is empty again: 'a' is in the links
    // 1 s later 'a' left long ago and a new job sits in the links: that second says nothing.
    q.rate.observe(1000, 200, 100);
    expect(q.rate.known).toBe(false);
  });

  it('drops the jobs of a cancelled request or a departed peer', () => {
    const q = queue();
    q.offer(job('x1', 1000), 0, 0);
    q.offer(job('y1', 1000), 0, 0);
    q.offer(job('x2', 2000), 0, 0);
    expect(q.remove((item) => item.startsWith('x')).map((j) => j.item)).toEqual(['x1', 'x2']);
    expect(q.size).toBe(1);
  });
});
