// bench:swarm's command line: who plays what, for how long, through which engines.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CliError, intFlag, parseCommandArgs } from '../../tools/cli-args.ts';
import { DEFAULT_STREAMS_DIR } from '../../tools/paths.ts';

export const ENGINES = ['none', 'shoal', 'pml-default', 'pml-tuned'] as const;
export type Engine = (typeof ENGINES)[number];

/** A stream folder the bench serves through its own metered origin, or a loopback URL. */
export type StreamSource =
  | { kind: 'folder'; root: string; playlistPath: string }
  | { kind: 'url'; url: string };

export interface SwarmArgs {
  viewers: number;
  staggerMs: number;
  durationS: number;
  live: boolean;
  processes: boolean;
  engines: Engine[];
  /** Times the whole set of engines runs, alternating; the table gives medians over them. */
  rounds: number;
  stream: StreamSource;
}

export const USAGE = `npm run bench:swarm -- [options]
  --viewers N       viewers per engine (default 6)
  --stagger-ms MS   delay between viewers joining (default 1000)
  --duration S      seconds each engine's run lasts from the first viewer (default 60)
  --stream DIR|URL  a stream folder (default the bundled vod-ts-360p) or a loopback HLS URL
  --live            serve the folder through the origin's /live/ simulation
  --processes       one browser process per viewer (default: one context each in one browser)
  --engine NAME     none | shoal | pml-default | pml-tuned | pml (both); repeatable (default all)
  --rounds N        run every engine N times, alternating; medians over rounds (default 1)`;

/** Parses argv; null when --help was asked for. Throws CliError('usage') on bad input. */
export function parseSwarmArgs(argv: string[]): SwarmArgs | null {
  const values = parseCommandArgs(argv, {
    viewers: { type: 'string' },
    'stagger-ms': { type: 'string' },
    duration: { type: 'string' },
    stream: { type: 'string' },
    live: { type: 'boolean' },
    processes: { type: 'boolean' },
    engine: { type: 'string', multiple: true },
    rounds: { type: 'string' },
  });
  if (!values) return null;
  const live = values.live ?? false;
  const stream = parseStream(values.stream, live);
  return {
    viewers: intFlag('viewers', values.viewers, 6, 1, 32),
    staggerMs: intFlag('stagger-ms', values['stagger-ms'], 1000, 0, 60_000),
    durationS: intFlag('duration', values.duration, 60, 5, 1800),
    live,
    processes: values.processes ?? false,
    engines: parseEngines(values.engine),
    rounds: intFlag('rounds', values.rounds, 1, 1, 10),
    stream,
  };
}

function parseEngines(raw: string[] | undefined): Engine[] {
  if (!raw || raw.length === 0) return [...ENGINES];
  const chosen = new Set<Engine>();
  for (const item of raw.flatMap((r) => r.split(','))) {
    const name = item.trim();
    if (name === 'pml' || name === 'p2p-media-loader') {
      chosen.add('pml-default');
      chosen.add('pml-tuned');
    } else if ((ENGINES as readonly string[]).includes(name)) chosen.add(name as Engine);
    else throw new CliError('usage', `--engine must be one of ${ENGINES.join(', ')} or pml, got "${name}"`);
  }
  // Always in the table's order, with `none` first when present (it is the ratios' baseline).
  return ENGINES.filter((e) => chosen.has(e));
}

function parseStream(raw: string | undefined, live: boolean): StreamSource {
  if (raw === undefined) return folderStream(resolve(DEFAULT_STREAMS_DIR, 'vod-ts-360p'));
  if (/^https?:\/\//.test(raw)) {
    const url = new URL(raw);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new CliError('usage', `--stream URL must be on this machine (127.0.0.1), got ${url.host}`);
    }
    if (live) throw new CliError('usage', '--live needs a stream folder (the origin simulates live from it)');
    return { kind: 'url', url: url.href };
  }
  return folderStream(resolve(raw));
}

/** A folder holding one media playlist (index.m3u8 preferred), served from its parent. */
export function folderStream(dir: string): StreamSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError('usage', `--stream folder not found: ${dir}`);
  }
  const playlists = readdirSync(dir).filter((name) => name.endsWith('.m3u8'));
  const playlist = playlists.includes('index.m3u8') ? 'index.m3u8' : playlists.sort()[0];
  if (!playlist) throw new CliError('usage', `--stream folder has no .m3u8 playlist: ${dir}`);
  return { kind: 'folder', root: dirname(dir), playlistPath: `${basename(dir)}/${playlist}` };
}
