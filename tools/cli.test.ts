import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from './cli.ts';
import { DEFAULT_STREAMS_DIR, PACKAGE_DIR } from './paths.ts';

const children: ChildProcess[] = [];
const temps: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(temps.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

/** Runs `shoal <args>` from another working directory, like `npx shoal` would. */
function shoal(args: string[], cwd: string) {
  const child = spawn(process.execPath, [resolve(PACKAGE_DIR, 'bin/shoal.js'), ...args], { cwd });
  children.push(child);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const printed = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      const check = () => {
        const match = stdout.match(pattern);
        if (match) done(match);
      };
      child.stdout.on('data', check);
      child.once('exit', () => fail(new Error(`exited before printing ${pattern}: ${stdout}`)));
      check();
    });
  return { child, exited, printed };
}

describe('shoal dispatcher', () => {
  it('rejects unknown commands and bad flags with usage errors', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...parts: unknown[]) => errors.push(parts.join(' '));
    try {
      expect(await main(['nope'])).toBe(2);
      expect(await main(['origin', '--bogus'])).toBe(2);
      expect(await main(['origin', '--outage', '10'])).toBe(2);
      expect(await main(['tracker', '--port', '70000'])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/unknown command "nope"/);
    expect(errors.join('\n')).toMatch(/--bogus/);
    expect(errors.join('\n')).toMatch(/START_S:DURATION_S/);
    expect(errors.join('\n')).toMatch(/--port must be an integer/);
  });
});

describe('shoal origin (child process)', () => {
  it('serves a folder it has never seen, from any working directory, and stops on SIGINT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-cli-'));
    temps.push(dir);
    await cp(join(DEFAULT_STREAMS_DIR, 'vod-ts-360p'), join(dir, 'copied'), { recursive: true });
    const run = shoal(['origin', '--dir', dir, '--port', '0'], tmpdir());
    const [url] = await run.printed(/http:\/\/127\.0\.0\.1:\d+/);
    const res = await fetch(`${url}/copied/seg_004.ts`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe((await stat(join(dir, 'copied/seg_004.ts'))).size);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });
});
