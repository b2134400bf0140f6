// The library build (`npm run build:lib`): an ES module with hls.js external, its coding worker
// next to it, and type declarations a strict TypeScript consumer can compile against. The build
// runs into a temp folder laid out as an installed package (node_modules/shoal/dist-lib).

import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules/.bin');
/** Generous: the build takes seconds; this only stops a hung one. */
const BUILD_TIMEOUT_MS = 180_000;

let temp: string;
let out: string;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'shoal-lib-'));
  const pkg = join(temp, 'node_modules/shoal');
  out = join(pkg, 'dist-lib');
  await mkdir(pkg, { recursive: true });
  await cp(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  await symlink(join(ROOT, 'node_modules/hls.js'), join(temp, 'node_modules/hls.js'), 'dir');
  // The same two steps as `npm run build:lib`, with the output redirected.
  await run(
    join(BIN, 'vite'),
    ['build', '--mode', 'lib', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: ROOT,
    },
  );
  await run(join(BIN, 'tsc'), ['-p', 'tsconfig.lib.json', '--outDir', out], { cwd: ROOT });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('npm run build:lib', () => {
  it('runs the Vite lib build and then the declarations', async () => {
    const scripts = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts['build:lib']).toBe('vite build --mode lib && tsc -p tsconfig.lib.json');
  });

  it('makes an ES module whose only import is hls.js, and leaves public/ out', async () => {
    const code = await readFile(join(out, 'shoal.js'), 'utf8');
    const imports = [...code.matchAll(/^import\b[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]);
    expect(imports).toEqual(['hls.js']);
    expect(code).toMatch(/^export\s*\{[^}]*\bcreateShoal\b/m);
    expect(await readdir(out)).not.toContain('streams');
  });

  it('emits the coding worker as a self-contained file found relative to shoal.js', async () => {
    const code = await readFile(join(out, 'shoal.js'), 'utf8');
    const url = /new URL\(\s*["']([^"']*coding\.worker[^"']*\.js)["']\s*,\s*import\.meta\.url\s*\)/.exec(
      code,
    );
    expect(url, 'new URL("…coding.worker….js", import.meta.url) in shoal.js').not.toBeNull();
    const workerPath = url![1]!;
    expect(workerPath.startsWith('/')).toBe(false);
    const worker = await readFile(join(out, workerPath), 'utf8');
    expect(worker).not.toMatch(/^import\b|\bimport\(/m);
    expect(worker.length).toBeGreaterThan(1000);
  });

  it('writes index.d.ts and every declaration file it reaches', async () => {
    const missing: string[] = [];
    const seen = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) return void missing.push(relative(out, file));
      for (const [, specifier] of text.matchAll(/(?:from\s+|import\()["'](\.{1,2}\/[^"']+)["']/g)) {
        await visit(join(dirname(file), specifier!.replace(/\.ts$/, '.d.ts')));
      }
    };
    await visit(join(out, 'index.d.ts'));
    expect(missing).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });

  it(
    'types a strict consumer that imports "shoal" (and catches its mistakes)',
    async () => {
      const good = `import Hls from 'hls.js';
import { ConfigError, createShoal, DEFAULT_CONFIG, type ShoalOptions } from 'shoal';
const options: ShoalOptions = {};
const shoal = createShoal(options);
const hls = new Hls({ ...shoal.hlsConfig() });
shoal.attach(hls);
export const peers: number = DEFAULT_CONFIG.maxPeers;
export const isError = (e: unknown) => e instanceof ConfigError;
`;
      expect(await compileConsumer(good)).toEqual([]);
      const bad = `import { DEFAULT_CONFIG } from 'shoal';\nexport const x: string = DEFAULT_CONFIG.maxPeers;\n`;
      expect((await compileConsumer(bad)).join('\n')).toMatch(/not assignable to type 'string'/);
    },
    BUILD_TIMEOUT_MS,
  );
});

/** Diagnostics of a consumer file compiled as an app would, with library checks on. */
async function compileConsumer(source: string): Promise<string[]> {
  const file = join(temp, 'app.ts');
  await writeFile(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? relative(temp, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}
