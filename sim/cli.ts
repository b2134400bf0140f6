// npm run sim -- --scenario <name> [--viewers N] [--minutes M] [--seed S] [--strategies cdn,shoal,whole]
//                [--sweep 10,100,1000,10000] [--svg docs/sim-flash.svg] [--scale 256] [--max-peers 12]
//                [--parallel 2] [--shards 1] [--engine '{"holdingsReplanDelayMs":20,"liveSplitByUplink":true}']
//                [--with earlier-output.txt,...]
// Runs each strategy on the same simulated swarm (same seed: same viewers, links, joins), one
// child process per strategy (at most --parallel at once, one core each); prints a table, then
// one JSON line. With --shards n, each run is n sub-swarms (every n-th viewer, own tracker) in n
// processes, merged into one row. With --sweep, runs each size and writes an SVG of origin egress
// and stalls against swarm size. --with adds the runs of earlier saved outputs (same scenario) to
// the table and plot, so a long 10,000-viewer run need not be repeated for a sweep.

import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { childScript } from './bundle.ts';
import { EarlierRunError, readEarlierRuns } from './earlier-runs.ts';
import { mergeSummaries, type RunSummary } from './metrics.ts';
import { SCENARIOS } from './scenarios.ts';
import { chart, type Series, svgDocument } from './svg.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'flash' },
    viewers: { type: 'string', default: '100' },
    minutes: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    strategies: { type: 'string', default: 'cdn,shoal,whole' },
    sweep: { type: 'string' },
    svg: { type: 'string' },
    scale: { type: 'string', default: '256' },
    'max-peers': { type: 'string', default: '12' },
    parallel: { type: 'string', default: '2' },
    shards: { type: 'string', default: '1' },
    engine: { type: 'string', default: '{"holdingsReplanDelayMs":20,"liveSplitByUplink":true}' },
    with: { type: 'string' },
  },
});

if (!SCENARIOS[values.scenario]) {
  console.error(`unknown scenario '${values.scenario}'; one of: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const strategies = values.strategies.split(',');
let earlier: RunSummary[] = [];
try {
  earlier = readEarlierRuns(values.with ? values.with.split(',') : [], values.scenario);
} catch (e) {
  if (!(e instanceof EarlierRunError)) throw e;
  console.error(e.message);
  process.exit(2);
}
const sizes = (values.sweep ?? values.viewers).split(',').map(Number);

const script = await childScript(Number(values.parallel));
const shards = Number(values.shards);

function runOne(strategy: string, viewers: number, shard: number): Promise<RunSummary> {
  const args = ['--scenario', values.scenario, '--strategy', strategy, '--viewers', String(viewers)];
  args.push('--minutes', values.minutes, '--seed', values.seed, '--scale', values.scale);
  args.push('--max-peers', values['max-peers'], '--engine', values.engine, '--shard', `${shard}/${shards}`);
  return new Promise((resolve, reject) => {
    const child = fork(script.path, args, {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      execArgv: script.execArgv,
    });
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${strategy} x${viewers} exited with ${code}`));
      else resolve(JSON.parse(line) as RunSummary);
    });
  });
}

/** Runs jobs with at most `limit` at once (one core each). */
async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : '-');

const combos = sizes.flatMap((n) => strategies.map((s) => [s, n] as const));
const jobs = combos.flatMap(([s, n]) => Array.from({ length: shards }, (_, i) => () => runOne(s, n, i)));
const parts = await pool(jobs, Number(values.parallel));
const runs = combos
  .map(([_s, n], c) => {
    const mine = parts.slice(c * shards, (c + 1) * shards);
    return shards === 1 ? mine[0]! : mergeSummaries(mine, n);
  })
  .concat(earlier)
  .sort((a, b) => a.viewers - b.viewers);

const header = [
  'viewers',
  'min',
  'strategy',
  'origin/CDN',
  'bound/CDN',
  'P2P share',
  'stall ratio',
  'stalled',
  'startup p50 ms',
  'p95 ms',
  'upload Mbit/s',
  'upload wasted',
  'events',
  'wall s',
  'RSS MB',
];
const rows = runs.map((r) => [
  String(r.viewers),
  String(+(r.simulatedS / 60).toFixed(2)),
  r.strategy,
  r.originRatio.toFixed(4),
  r.boundRatio.toFixed(4),
  pct(r.p2pShare),
  pct(r.stallRatio),
  pct(r.stalledSessions),
  ms(r.startupMedianMs),
  ms(r.startupP95Ms),
  (r.uploadBps / 1e6).toFixed(2),
  r.uploadWasted === undefined ? '-' : pct(r.uploadWasted),
  String(r.events),
  r.wallS.toFixed(1),
  String(r.peakRssMB),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`scenario ${values.scenario}: ${SCENARIOS[values.scenario]!.description}`);
console.log(
  `${values.minutes} simulated min, seed ${values.seed}, payload scale 1/${values.scale} (coding runs on scaled-down payloads, hashing is modelled; links and origin charge full sizes)`,
);
if (shards > 1) console.log(`each run: ${shards} sub-swarms (every ${shards}th viewer, own tracker), merged`);
if (values.engine !== '{}') console.log(`engine options: ${values.engine}`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

for (const n of new Set(runs.map((r) => r.viewers))) {
  const at = runs.filter((r) => r.viewers === n);
  const shoal = at.find((r) => r.strategy === 'shoal');
  const whole = at.find((r) => r.strategy === 'whole');
  if (shoal) {
    const gap = shoal.originRatio - shoal.boundRatio;
    console.log(
      `n=${n}: shoal origin ${shoal.originRatio.toFixed(4)} vs bound ${shoal.boundRatio.toFixed(4)} (gap ${gap.toFixed(4)} of CDN-only)${whole ? `; whole-segment / shoal origin = ${(whole.originRatio / shoal.originRatio).toFixed(2)}x` : ''}`,
    );
    const reasons = Object.entries(shoal.originByReason ?? {})
      .map(([reason, ratio]) => `${reason} ${ratio.toFixed(4)}`)
      .join(', ');
    console.log(
      `n=${n}: shoal origin by reason: ${reasons || '-'}; upload used ${pct(shoal.uploadOfCapacity)} of capacity; ${(shoal.peakRssMB / n).toFixed(2)} MB RSS per viewer`,
    );
  }
}

if (values.svg) {
  const colors: Record<string, string> = { cdn: '#888', shoal: '#1565c0', whole: '#e65100' };
  const plotted = [...new Set(runs.map((r) => r.strategy))];
  const series = (pick: (r: RunSummary) => number): Series[] =>
    plotted.map((s) => ({
      label: s === 'whole' ? 'whole segment (k=1)' : s === 'cdn' ? 'CDN only' : 'Shoal (k of n)',
      color: colors[s] ?? '#000',
      points: runs.filter((r) => r.strategy === s).map((r) => [r.viewers, pick(r)] as [number, number]),
    }));
  const bound: Series = {
    label: 'physical bound',
    color: '#2e7d32',
    points: runs
      .filter((r) => r.strategy === 'shoal')
      .map((r) => [r.viewers, r.boundRatio] as [number, number]),
  };
  const maxStall = Math.max(0.001, ...runs.map((r) => r.stallRatio));
  const svg = svgDocument(1000, 380, [
    chart([...series((r) => r.originRatio), bound], {
      title: `${values.scenario}: origin egress / CDN-only`,
      yLabel: 'origin / CDN-only',
      x: 0,
      y: 0,
      width: 500,
      height: 380,
      yMax: 1,
    }),
    chart(
      series((r) => r.stallRatio),
      {
        title: `${values.scenario}: stall time / watch time`,
        yLabel: 'stall ratio',
        x: 500,
        y: 0,
        width: 500,
        height: 380,
        yMax: maxStall * 1.1,
      },
    ),
  ]);
  writeFileSync(values.svg, svg);
  console.log(`wrote ${values.svg}`);
}

console.log(
  JSON.stringify({
    scenario: values.scenario,
    minutes: Number(values.minutes),
    seed: Number(values.seed),
    shards,
    engine: JSON.parse(values.engine),
    runs: runs.map(({ raw, ...r }) => ({ ...r, raw: { ...raw, startups: undefined } })),
  }),
);
