import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descendantsCpuSeconds, type ProcStat, parseProcStat } from './process-cpu.ts';

/** A stat line as Linux writes it: pid (comm) state ppid, then fields 5–13, utime stime cutime cstime, more. */
const statLine = (pid: number, comm: string, ppid: number, times: number[]) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1200 0 0 0 ${times.join(' ')} 20 0 12 0 4128612 3133440 412`;

describe('parseProcStat', () => {
  it('reads pid, ppid and the four CPU times of a real line', () => {
    expect(parseProcStat(statLine(4783, 'cat', 4781, [7, 3, 20, 5]))).toEqual({
      pid: 4783,
      ppid: 4781,
      ticks: 35,
    });
  });

  it('survives command names with spaces and parentheses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4_194_304 }),
        fc.string({ maxLength: 15 }).filter((s) => !s.includes('\n')),
        fc.integer({ min: 0, max: 4_194_304 }),
        fc.array(fc.nat(1e9), { minLength: 4, maxLength: 4 }),
        (pid, comm, ppid, times) => {
          expect(parseProcStat(statLine(pid, comm, ppid, times))).toEqual({
            pid,
            ppid,
            ticks: times.reduce((a, b) => a + b, 0),
          });
        },
      ),
    );
  });

  it('returns null for anything else, never throws', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (x) S 1 2 3')).toBeNull();
    expect(parseProcStat('x (y) S 1 1 1 0 -1 0 0 0 0 0 1 1 1 1 20')).toBeNull();
    fc.assert(fc.property(fc.string(), (text) => void parseProcStat(text)));
  });
});

describe('descendantsCpuSeconds', () => {
  const s = (pid: number, ppid: number, ticks: number): ProcStat => ({ pid, ppid, ticks });

  it('adds up the whole tree below the root, not the root nor its siblings', () => {
    const stats = [s(10, 1, 999), s(20, 10, 100), s(21, 20, 250), s(22, 20, 50), s(30, 1, 700), s(23, 21, 5)];
    expect(descendantsCpuSeconds(stats, 10)).toBeCloseTo(4.05);
    expect(descendantsCpuSeconds(stats, 99)).toBe(0);
  });

  it('terminates on a cycle (pid reuse between reads)', () => {
    expect(descendantsCpuSeconds([s(2, 3, 100), s(3, 2, 100)], 2)).toBeCloseTo(2);
  });
});
