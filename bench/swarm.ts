// bench:swarm — N viewers of one stream in headless Chromium, per engine: plain hls.js (`none`),
// Shoal, and p2p-media-loader v2 (defaults and live-tuned). Everything runs on 127.0.0.1: a
// metered origin, a WebTorrent tracker, the built demo page and the rival's page. Measured from
// outside the engines: origin segment bytes (the origin's meter), startup/stalls (the <video>
// element), latency behind the live edge (hls.js). Prints a table, then one JSON line.
// Run: npm run bench:swarm -- --live --viewers 6 --duration 60   (--help for all options)

import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/browser.ts';
import { CliError } from '../tools/cli-args.ts';
import { type Engine, parseSwarmArgs, type SwarmArgs, USAGE } from './swarm/args.ts';
import { type EngineOutcome, originByViewer, summarize, summarizeRounds, table } from './swarm/report.ts';
import { prepareRivalPage, type RivalPage } from './swarm/rival.ts';
import { type PageSites, runEngine } from './swarm/run-engine.ts';
import { serveFolders } from './swarm/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = resolve(ROOT, '.cache');

/** The demo page as users get it, built into the cache (not dist/, which e2e runs may be using). */
async function buildDemo(): Promise<string> {
  const outDir = resolve(CACHE, 'bench-swarm/demo');
  await build({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

async function chromiumVersion(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(chromiumPath(), ['--version'], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return 'unknown';
  }
}

const isRival = (engine: Engine) => engine.startsWith('pml');

async function main(): Promise<void> {
  const args: SwarmArgs | null = parseSwarmArgs(process.argv.slice(2));
  if (!args) {
    console.log(USAGE);
    return;
  }
  const scenario = `${args.viewers} viewers, ${args.staggerMs} ms apart, ${args.durationS} s, ${
    args.live ? 'live' : 'VOD'
  }, ${args.stream.kind === 'folder' ? args.stream.playlistPath : args.stream.url}, ${
    args.processes ? 'one browser process each' : 'one context each in one browser'
  }`;
  console.log(`bench:swarm — ${scenario}`);
  const [demoDir, rival] = await Promise.all([
    buildDemo(),
    args.engines.some(isRival)
      ? prepareRivalPage(resolve(CACHE, 'bench-rivals'))
      : Promise.resolve<RivalPage>({ ok: false, reason: 'not asked for' }),
  ]);
  const pages = await serveFolders(rival.ok ? { demo: demoDir, pml: rival.dir } : { demo: demoDir });
  const sites: PageSites = {
    demo: `${pages.url}/demo/`,
    rival: rival.ok ? `${pages.url}/pml/pml.html` : null,
  };
  const rounds: EngineOutcome[][] = [];
  try {
    for (let r = 0; r < args.rounds; r++) {
      const outcomes: EngineOutcome[] = [];
      rounds.push(outcomes);
      for (const engine of args.engines) {
        if (isRival(engine) && !rival.ok) {
          outcomes.push({ ok: false, engine, reason: rival.reason });
          continue;
        }
        console.log(`… ${engine}${args.rounds > 1 ? ` (round ${r + 1} of ${args.rounds})` : ''}`);
        try {
          const run = await runEngine(engine, args, sites);
          outcomes.push({ ok: true, run });
          console.log(originByViewer(run));
        } catch (error) {
          const reason = `run failed: ${(error as Error).message.split('\n')[0]}`;
          outcomes.push({ ok: false, engine, reason });
          console.log(`  ${reason}`);
        }
      }
      if (args.rounds > 1) console.log(`\nround ${r + 1}:\n${table(summarize(outcomes, args.live))}\n`);
    }
  } finally {
    await pages.close();
  }
  const rows = summarizeRounds(rounds, args.live);
  console.log('');
  if (args.rounds > 1) console.log(`over ${args.rounds} rounds (medians; stalls summed):`);
  console.log(table(rows));
  for (const row of rows) {
    if ('errors' in row) for (const error of row.errors.slice(0, 5)) console.log(`  ${row.engine}: ${error}`);
  }
  const ratios = Object.fromEntries(
    rows.flatMap((row) =>
      'ratioVsNone' in row && row.ratioVsNone !== null ? [[row.engine, row.ratioVsNone]] : [],
    ),
  );
  const machine = {
    nproc: availableParallelism(),
    node: process.version,
    chromium: await chromiumVersion(),
    chromiumArgs: CHROMIUM_ARGS,
  };
  const rivalInfo = rival.ok ? { version: rival.version } : { missing: rival.reason };
  const command = `npm run bench:swarm -- ${process.argv.slice(2).join(' ')}`.trim();
  console.log(
    JSON.stringify({
      bench: 'swarm',
      command,
      scenario,
      rounds: args.rounds,
      machine,
      rival: rivalInfo,
      engines: rows,
      ratios,
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error instanceof CliError ? `bench:swarm: ${error.message}\n${USAGE}` : error);
    process.exit(1);
  },
);
