import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../tools/cli-args.ts';
import { ENGINES, folderStream, parseSwarmArgs } from './args.ts';

const scratch = mkdtempSync(join(tmpdir(), 'swarm-args-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('parseSwarmArgs', () => {
  it('defaults: 6 viewers, 1 s apart, 60 s, VOD, contexts, all engines, the bundled stream', () => {
    const args = parseSwarmArgs([])!;
    expect(args).toMatchObject({ viewers: 6, staggerMs: 1000, durationS: 60, live: false, processes: false });
    expect(args.engines).toEqual([...ENGINES]);
    expect(args.rounds).toBe(1);
    expect(args.stream).toMatchObject({ kind: 'folder', playlistPath: 'vod-ts-360p/index.m3u8' });
  });

  it('reads the flags', () => {
    const args = parseSwarmArgs([
      '--live',
      '--viewers',
      '4',
      '--stagger-ms',
      '5000',
      '--duration',
      '30',
      '--processes',
      '--rounds',
      '3',
    ])!;
    expect(args).toMatchObject({ viewers: 4, staggerMs: 5000, durationS: 30, live: true, processes: true });
    expect(args.rounds).toBe(3);
  });

  it('engines: repeatable or comma-separated, `pml` means both settings, table order kept', () => {
    expect(parseSwarmArgs(['--engine', 'pml', '--engine', 'none'])!.engines).toEqual([
      'none',
      'pml-default',
      'pml-tuned',
    ]);
    expect(parseSwarmArgs(['--engine', 'shoal,none'])!.engines).toEqual(['none', 'shoal']);
    expect(() => parseSwarmArgs(['--engine', 'webtorrent'])).toThrow(CliError);
  });

  it('refuses streams off this machine, live from a URL, and out-of-range numbers', () => {
    expect(() => parseSwarmArgs(['--stream', 'http://example.com/a.m3u8'])).toThrow(/this machine/);
    expect(() => parseSwarmArgs(['--stream', 'http://127.0.0.1:9/a.m3u8', '--live'])).toThrow(/folder/);
    expect(parseSwarmArgs(['--stream', 'http://127.0.0.1:9/a.m3u8'])!.stream).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:9/a.m3u8',
    });
    expect(() => parseSwarmArgs(['--viewers', '0'])).toThrow(/--viewers/);
    expect(() => parseSwarmArgs(['--duration', 'ten'])).toThrow(/--duration/);
  });

  it('returns null for --help', () => {
    expect(parseSwarmArgs(['--help'])).toBeNull();
  });
});

describe('folderStream', () => {
  it('serves the folder from its parent and prefers index.m3u8', () => {
    const dir = join(scratch, 'show');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.m3u8'), '');
    writeFileSync(join(dir, 'index.m3u8'), '');
    expect(folderStream(dir)).toEqual({ kind: 'folder', root: scratch, playlistPath: 'show/index.m3u8' });
  });

  it('says what is wrong with a folder it cannot use', () => {
    expect(() => folderStream(join(scratch, 'missing'))).toThrow(/not found/);
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    expect(() => folderStream(empty)).toThrow(/no \.m3u8/);
  });
});
