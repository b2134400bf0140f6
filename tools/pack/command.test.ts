import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packCommand, verifyCommand } from './command.ts';

const STREAM = new URL('../../public/streams/vod-ts-360p/', import.meta.url).pathname;

let dir: string;
let out: string[];
let err: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoal-cmd-'));
  await cp(STREAM, dir, { recursive: true, filter: (src) => !src.endsWith('.shoal.json') });
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('shoal pack / shoal verify commands', () => {
  it('pack then verify exit 0; a tampered segment makes verify exit 1 and name it', async () => {
    expect(await packCommand([dir, '--hash', 'blake3', '--digest-bytes', '32'])).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'index.shoal.json'), 'utf8'));
    expect(manifest.hash).toEqual({ algorithm: 'blake3', bytes: 32 });
    expect(await verifyCommand([dir])).toBe(0);
    expect(out.at(-1)).toMatch(/^ok: 20 segments checked/);

    const segment = join(dir, 'seg_009.ts');
    const bytes = await readFile(segment);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    await writeFile(segment, bytes);
    expect(await verifyCommand([dir])).toBe(1);
    expect(err.join('\n')).toMatch(/MISMATCH index\.m3u8: seg_009\.ts \(sequence 9\): segment hash differs/);
  });

  it('cuts segments as --min-shard-size and --max-shards say (default 16+8 for these ~150 KB)', async () => {
    const cuts = async () => {
      const manifest = JSON.parse(await readFile(join(dir, 'index.shoal.json'), 'utf8'));
      return new Set(
        manifest.segments.map((s: { params: { k: number; m: number } }) => `${s.params.k}+${s.params.m}`),
      );
    };
    expect(await packCommand([dir])).toBe(0);
    expect(await cuts()).toEqual(new Set(['16+8']));
    expect(await packCommand([dir, '--min-shard-size', '16384', '--max-shards', '24'])).toBe(0);
    expect(await cuts()).toEqual(new Set(['8+4']));
    expect(await verifyCommand([dir])).toBe(0);
    expect(await packCommand([dir, '--max-shards', '1'])).toBe(2);
    expect(await packCommand([dir, '--min-shard-size', '0'])).toBe(2);
    expect(err.join('\n')).toMatch(/--min-shard-size must be an integer/);
  });

  it('rejects bad usage with exit 2 and reports a missing stream with exit 1', async () => {
    expect(await packCommand([])).toBe(2);
    expect(await packCommand([dir, '--hash', 'md5'])).toBe(2);
    expect(await packCommand([dir, '--digest-bytes', '8'])).toBe(2);
    expect(await verifyCommand([dir, 'extra'])).toBe(2);
    expect(await packCommand([join(dir, 'nope')])).toBe(1);
    expect(await packCommand(['--dry-run', dir])).toBe(0);
    expect(out.join('\n')).toMatch(/"version": 1/);
  });
});
