// The child script of the CLI, bundled once by esbuild (tsx's own dependency) into plain
// JavaScript: tsx keeps function names by wrapping every closure in `__name(...)`, which cost
// ~5 % of a run's time in the profile. Falls back to running the TypeScript through tsx.

import { mkdirSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * V8 flags for a child, `concurrent` of which run at once. A larger young generation (semi-space
 * 64 MB, default 16): the engines allocate many short-lived objects per event, and most die
 * before a scavenge at this size (measured: user time -20 %, 200 viewers x 2 min, 27.6 -> 22 s;
 * 128 MB gave the same). An old generation allowed 80 % of this machine's memory shared among the
 * children (V8's default is ~4 GB whatever the machine): a sub-swarm of 5,000 viewers needs ~7-10 GB
 * (measured: 711-1,035 MB of peak RSS for 500 viewers, depending on when V8 collects).
 */
function childFlags(concurrent: number): string[] {
  const oldSpaceMB = Math.floor((0.8 * totalmem()) / Math.max(concurrent, 1) / 2 ** 20);
  return ['--max-semi-space-size=64', `--max-old-space-size=${oldSpaceMB}`];
}

export interface ChildScript {
  path: string;
  execArgv: string[];
}

export async function childScript(concurrent: number): Promise<ChildScript> {
  const entry = fileURLToPath(new URL('./run-one.ts', import.meta.url));
  const outDir = fileURLToPath(new URL('../.cache/sim/', import.meta.url));
  try {
    const esbuild = await import('esbuild');
    mkdirSync(outDir, { recursive: true });
    // One file per CLI process: a second run must not rebuild the script under a running sweep.
    const outfile = `${outDir}run-one-${process.pid}.mjs`;
    process.on('exit', () => rmSync(outfile, { force: true }));
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'warning',
    });
    return { path: outfile, execArgv: childFlags(concurrent) };
  } catch (error) {
    process.stderr.write(`sim: running through tsx (esbuild unavailable: ${String(error)})\n`);
    return { path: entry, execArgv: [...process.execArgv, ...childFlags(concurrent)] };
  }
}
