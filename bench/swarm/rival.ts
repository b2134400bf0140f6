// p2p-media-loader v2, the rival engine: installed on demand into a folder outside the
// project's dependencies, then bundled with esbuild into bench/pages/pml.html's page. Any
// failure comes back as a reason to print, never as a number.

import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);

export const RIVAL_VERSION = '2.3.1';
const PACKAGES = [`p2p-media-loader-core@${RIVAL_VERSION}`, `p2p-media-loader-hlsjs@${RIVAL_VERSION}`];
const PAGES_DIR = resolve(import.meta.dirname, '../pages');
const PROJECT_NODE_MODULES = resolve(import.meta.dirname, '../../node_modules');

export type RivalPage = { ok: true; dir: string; version: string } | { ok: false; reason: string };

/** Installs (once) and bundles the rival page into `<cacheDir>/page`; never throws. */
export async function prepareRivalPage(cacheDir: string): Promise<RivalPage> {
  try {
    await install(cacheDir);
    const dir = resolve(cacheDir, 'page');
    await bundle(cacheDir, dir);
    const pkg = JSON.parse(
      await readFile(resolve(cacheDir, 'node_modules/p2p-media-loader-hlsjs/package.json'), 'utf8'),
    ) as { version: string };
    return { ok: true, dir, version: pkg.version };
  } catch (error) {
    return { ok: false, reason: `p2p-media-loader could not be prepared: ${firstLine(error)}` };
  }
}

async function install(cacheDir: string): Promise<void> {
  const marker = resolve(cacheDir, 'node_modules/p2p-media-loader-hlsjs/package.json');
  const installed = await readFile(marker, 'utf8').then(
    (text) => (JSON.parse(text) as { version: string }).version === RIVAL_VERSION,
    () => false,
  );
  if (installed) return;
  await mkdir(cacheDir, { recursive: true });
  await writeFile(
    resolve(cacheDir, 'package.json'),
    `${JSON.stringify({ name: 'shoal-bench-rivals', private: true }, null, 2)}\n`,
  );
  // --ignore-scripts: the chain pulls node-datachannel, whose install script downloads a
  // binary; the browser build never uses it.
  await run(
    'npm',
    ['install', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...PACKAGES],
    { cwd: cacheDir, timeout: 180_000 },
  );
}

async function bundle(cacheDir: string, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [resolve(PAGES_DIR, 'pml.ts')],
    outfile: resolve(outDir, 'pml.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
    // The rival's own browser builds (they carry its Node polyfills: process, Buffer, events);
    // hls.js from the project, the same build the demo page uses.
    alias: {
      'p2p-media-loader-hlsjs': distFile(cacheDir, 'p2p-media-loader-hlsjs'),
      'p2p-media-loader-core': distFile(cacheDir, 'p2p-media-loader-core'),
    },
    nodePaths: [PROJECT_NODE_MODULES],
  });
  await copyFile(resolve(PAGES_DIR, 'pml.html'), resolve(outDir, 'pml.html'));
}

const distFile = (cacheDir: string, name: string) =>
  resolve(cacheDir, 'node_modules', name, 'dist', `${name}.es.js`);

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
