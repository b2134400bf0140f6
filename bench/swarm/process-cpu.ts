// CPU time of the browsers a bench run launched, read from outside them (Linux /proc): what a
// P2P engine costs the viewers' machines beside plain hls.js (WebRTC, hashing, coding, storage
// all run in Chromium's processes, not only in the page's main thread).

import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  /** Its own CPU plus that of its children it has waited for (dead renderers), in clock ticks. */
  ticks: number;
}

/** Linux's USER_HZ: the unit of /proc/<pid>/stat times (100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

/**
 * Parses one /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself
 * hold spaces and parentheses, so fields are counted from its last ')'. Null when malformed.
 */
export function parseProcStat(line: string): ProcStat | null {
  const open = line.indexOf(' (');
  const close = line.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(line.slice(0, open));
  // After ')': state, ppid (field 4), … utime, stime, cutime, cstime (fields 14–17).
  const rest = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  if (rest.length < 15) return null;
  const ppid = Number(rest[1]);
  const times = rest.slice(11, 15).map(Number);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || times.some((t) => !Number.isInteger(t) || t < 0))
    return null;
  return { pid, ppid, ticks: times.reduce((a, b) => a + b, 0) };
}

/** CPU seconds of every process below `root` (not `root` itself), from their stat lines. */
export function descendantsCpuSeconds(stats: readonly ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  let ticks = 0;
  const stack = [...(children.get(root) ?? [])];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s.pid)) continue;
    seen.add(s.pid);
    ticks += s.ticks;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}

/** CPU seconds used so far by this process's descendants (the browsers), or null off Linux. */
export function childrenCpuSeconds(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  for (const pid of pids) {
    try {
      const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (stat) stats.push(stat);
    } catch {
      // Exited meanwhile.
    }
  }
  return descendantsCpuSeconds(stats, process.pid);
}
