// Turns engine runs into bench:swarm's table and final JSON line. Pure: no I/O.

import type { Engine } from './args.ts';
import type { EngineRun, ViewerResult } from './run-engine.ts';

export type EngineOutcome = { ok: true; run: EngineRun } | { ok: false; engine: Engine; reason: string };

export interface EngineSummary {
  engine: Engine;
  originSegmentBytes: number;
  originSegmentRequests: number;
  /** originSegmentBytes / the `none` engine's, when `none` ran. */
  ratioVsNone: number | null;
  startupMedianMs: number | null;
  startupMaxMs: number | null;
  stalls: number;
  stallS: number;
  /** Median and worst of the viewers' median latency behind the live edge (s); null for VOD. */
  latencyMedianS: number | null;
  latencyMaxS: number | null;
  /** CPU seconds of all the viewers' browser processes over the run (null: not measurable here). */
  browserCpuS: number | null;
  /** browserCpuS / the same round's `none` run's. */
  cpuVsNone: number | null;
  errors: string[];
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const max = (values: number[]): number | null => (values.length ? Math.max(...values) : null);
const round = (value: number | null, digits: number): number | null =>
  value === null ? null : Number(value.toFixed(digits));

function viewerErrors(v: ViewerResult): string[] {
  const errors = [...v.pageErrors.map((e) => `viewer ${v.index}: page error: ${e}`)];
  if (v.error) errors.push(`viewer ${v.index}: ${v.error}`);
  if (v.startupMs === null) errors.push(`viewer ${v.index}: never started playing`);
  return errors;
}

/** One round's outcomes (single run of each engine): see summarizeRounds. */
export function summarize(
  outcomes: EngineOutcome[],
  live: boolean,
): Array<EngineSummary | { engine: Engine; missing: string }> {
  return summarizeRounds([outcomes], live);
}

/**
 * Several rounds, each running every engine once (alternating, so a busy spell of the machine
 * hits them alike). Per engine: origin bytes and the ratio to the same round's `none` run are
 * medians over rounds; startup and latency are over all viewers of all rounds; stalls add up.
 */
export function summarizeRounds(
  rounds: EngineOutcome[][],
  live: boolean,
): Array<EngineSummary | { engine: Engine; missing: string }> {
  const engines = [...new Set(rounds.flatMap((r) => r.map((o) => (o.ok ? o.run.engine : o.engine))))];
  return engines.map((engine) => {
    const outcomes = rounds.flatMap((r) => r.filter((o) => (o.ok ? o.run.engine : o.engine) === engine));
    const runs = outcomes.flatMap((o) => (o.ok ? [o.run] : []));
    const failed = outcomes.find((o) => !o.ok);
    if (runs.length === 0) return { engine, missing: failed && !failed.ok ? failed.reason : 'not run' };
    const viewers = runs.flatMap((run) => run.viewers);
    // An engine none of whose viewers played has no figures worth a ratio: say why instead.
    if (viewers.every((v) => v.startupMs === null)) {
      const why = viewers.flatMap(viewerErrors)[0] ?? 'no viewer played';
      return { engine, missing: `no viewer played (${why})` };
    }
    const vsNone = (figure: (run: EngineRun) => number | null) =>
      rounds.flatMap((round) => {
        const mine = round.find((o) => o.ok && o.run.engine === engine);
        const base = round.find((o) => o.ok && o.run.engine === 'none');
        if (!mine?.ok || !base?.ok) return [];
        const [a, b] = [figure(mine.run), figure(base.run)];
        return a !== null && b !== null && b > 0 ? [a / b] : [];
      });
    const ratios = vsNone((run) => run.originSegmentBytes);
    const cpu = runs.flatMap((run) => (run.browserCpuS === null ? [] : [run.browserCpuS]));
    const startups = viewers.flatMap((v) => (v.startupMs === null ? [] : [v.startupMs]));
    const latencies = viewers.flatMap((v) => (v.latencyS === null ? [] : [v.latencyS]));
    return {
      engine,
      originSegmentBytes: Math.round(median(runs.map((r) => r.originSegmentBytes))!),
      originSegmentRequests: Math.round(median(runs.map((r) => r.originSegmentRequests))!),
      ratioVsNone: round(median(ratios), 3),
      startupMedianMs: round(median(startups), 0),
      startupMaxMs: max(startups),
      stalls: viewers.reduce((n, v) => n + v.stalls, 0),
      stallS: round(viewers.reduce((n, v) => n + v.stallMs, 0) / 1000, 1) ?? 0,
      latencyMedianS: live ? round(median(latencies), 2) : null,
      latencyMaxS: live ? round(max(latencies), 2) : null,
      browserCpuS: round(median(cpu), 1),
      cpuVsNone: round(median(vsNone((run) => run.browserCpuS)), 2),
      errors: [
        ...viewers.flatMap(viewerErrors),
        ...outcomes.flatMap((o) => (o.ok ? [] : [`a round failed: ${o.reason}`])),
      ],
    };
  });
}

const cell = (value: number | null, unit = '') => (value === null ? '—' : `${value}${unit}`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** A Markdown table (pastes into BENCHMARKS.md as it is), then the missing engines' reasons. */
export function table(rows: ReturnType<typeof summarize>): string {
  const header = [
    'engine',
    'origin segment bytes',
    'vs none',
    'startup median / max',
    'stalls',
    'stall time',
    'live latency median / max',
    'browser CPU',
    'errors',
  ];
  const lines = rows.map((row) => {
    if ('missing' in row) return [row.engine, 'not run', '—', '—', '—', '—', '—', '—', row.missing];
    return [
      row.engine,
      mb(row.originSegmentBytes),
      row.ratioVsNone === null ? '—' : `${row.ratioVsNone.toFixed(2)}x`,
      `${cell(row.startupMedianMs, ' ms')} / ${cell(row.startupMaxMs, ' ms')}`,
      String(row.stalls),
      `${row.stallS.toFixed(1)} s`,
      row.latencyMedianS === null ? '—' : `${row.latencyMedianS} s / ${row.latencyMaxS} s`,
      row.browserCpuS === null
        ? '—'
        : `${row.browserCpuS} s${row.cpuVsNone === null ? '' : ` (${row.cpuVsNone.toFixed(2)}x)`}`,
      String(row.errors.length),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

/** Who drew from the origin and when: per viewer, segment requests and bytes the browser saw. */
export function originByViewer(run: EngineRun): string {
  return run.viewers
    .map((v) => {
      const bytes = v.originRequests.reduce((n, r) => n + r.bytes, 0);
      const ranged = v.originRequests.filter((r) => r.ranged).length;
      const times = v.originRequests.map((r) => Math.round(r.t / 1000));
      const reasons = new Map<string, number>();
      for (const f of v.originFetches) reasons.set(f.reason, (reasons.get(f.reason) ?? 0) + 1);
      const why = [...reasons].map(([reason, n]) => `${reason}×${n}`).join(', ');
      return (
        `  viewer ${v.index} (joined ${(v.joinedAtMs / 1000).toFixed(0)} s, ${startup(v.startupMs)}): ` +
        `${v.originRequests.length} origin ` +
        `segment requests (${ranged} ranged), ${mb(bytes)}` +
        (times.length ? `, at s ${compactTimes(times)}` : '') +
        (v.engineBytes
          ? `; engine says origin ${mb(v.engineBytes.origin)}, peers ${mb(v.engineBytes.peers)}, ` +
            `uploaded ${mb(v.engineBytes.upload)}`
          : '') +
        (v.stalls > 0
          ? `; ${v.stalls} stall(s), ${(v.stallMs / 1000).toFixed(1)} s, from ${v.stallsAt.map((t) => (t / 1000).toFixed(1)).join(', ')} s`
          : '') +
        (why ? `; origin-fetch reasons: ${why}` : '') +
        urgentFetches(v.originFetches)
      );
    })
    .join('\n');
}

/**
 * The origin fetches other than the live split's shares, with when they happened (s since the
 * page's navigation) and how many peers were ready then: what a joiner's start-up cost.
 */
function urgentFetches(fetches: ViewerResult['originFetches']): string {
  const urgent = fetches.filter((f) => f.reason !== 'share');
  if (urgent.length === 0) return '';
  const shown = urgent
    .slice(0, 6)
    .map(
      (f) =>
        `#${f.sequence} ${f.reason} at ${(f.t / 1000).toFixed(1)} s, ${f.shards} shards, ${f.peers} peers`,
    );
  return ` (${shown.join('; ')}${urgent.length > 6 ? '; …' : ''})`;
}

function startup(ms: number | null): string {
  return ms === null ? 'never played' : `playing after ${(ms / 1000).toFixed(1)} s`;
}

function compactTimes(times: number[]): string {
  const unique = [...new Set(times)].sort((a, b) => a - b);
  return unique.length > 24 ? `${unique.slice(0, 24).join(',')},…` : unique.join(',');
}
