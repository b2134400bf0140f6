// `shoal pack` and `shoal verify`: argument handling and output. The work is in pack-stream.ts,
// watch-stream.ts and verify-stream.ts.

import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_SHARDS,
  DEFAULT_MIN_SHARD_SIZE,
  MAX_SEGMENT_LENGTH,
  MAX_TOTAL_SHARDS,
} from '../../src/core/coding/index.ts';
import {
  DEFAULT_HASH_SPEC,
  HASH_ALGORITHMS,
  type HashAlgorithm,
  MAX_DIGEST_BYTES,
  ManifestError,
  MIN_DIGEST_BYTES,
} from '../../src/core/integrity/index.ts';
import { PackError } from './errors.ts';
import { DEFAULT_HISTORY, type PackedRendition, type PackOptions, packStream } from './pack-stream.ts';
import { verifyStream } from './verify-stream.ts';
import { watchStream } from './watch-stream.ts';

const PACK_HELP = `Usage: shoal pack <dir | playlist> [options]

Writes a Shoal manifest next to each media playlist (index.m3u8 -> index.shoal.json):
coding parameters and the hashes of every segment and shard.

Options:
  --watch               keep the manifests of a live stream current until Ctrl-C
  --interval <ms>       poll period with --watch (default 500)
  --history <n>         segments kept before the playlist window (live; default ${DEFAULT_HISTORY})
  --hash <alg>          ${HASH_ALGORITHMS.join(' | ')} (default ${DEFAULT_HASH_SPEC.algorithm})
  --digest-bytes <n>    digest bytes kept, ${MIN_DIGEST_BYTES}..${MAX_DIGEST_BYTES} (default ${DEFAULT_HASH_SPEC.bytes})
  --min-shard-size <n>  smallest shard in bytes (default ${DEFAULT_MIN_SHARD_SIZE}); larger means fewer,
                        bigger shards: less CPU per segment, less help from small uplinks
  --max-shards <n>      most shards, data + parity, per segment (default ${DEFAULT_MAX_SHARDS})
  --content-id <id>     override the derived content id (swarm identity)
  --dry-run             print what would be written, write nothing`;

const VERIFY_HELP = `Usage: shoal verify <dir | playlist>

Re-checks every segment and shard hash of a packed stream. Exits 1 naming every
segment that no longer matches its manifest (or is missing from it).`;

class UsageError extends Error {}

function intOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

type Flags = Record<string, { type: 'string' | 'boolean' }>;
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(argv: string[], options: Flags): Parsed {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function guard(name: string, help: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`shoal ${name}: ${err.message}\n\n${help}`);
      return 2;
    }
    if (err instanceof PackError || err instanceof ManifestError) {
      console.error(`shoal ${name}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

const summarize = (p: PackedRendition) =>
  `${relative(process.cwd(), p.manifestPath)}: ${p.manifest.segments.length} segments, ${p.manifest.inits.length} init` +
  `${p.manifest.complete ? '' : ' (live)'}${p.pending.length ? `, waiting for ${p.pending.length}` : ''}`;

export function packCommand(argv: string[]): Promise<number> {
  return guard('pack', PACK_HELP, async () => {
    const { values, positionals } = parse(argv, {
      watch: { type: 'boolean' },
      interval: { type: 'string' },
      history: { type: 'string' },
      hash: { type: 'string' },
      'digest-bytes': { type: 'string' },
      'content-id': { type: 'string' },
      'min-shard-size': { type: 'string' },
      'max-shards': { type: 'string' },
      'dry-run': { type: 'boolean' },
    });
    if (values.help) {
      console.log(PACK_HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('expected exactly one <dir | playlist>');
    const algorithm = (values.hash as string | undefined) ?? DEFAULT_HASH_SPEC.algorithm;
    if (!HASH_ALGORITHMS.includes(algorithm as HashAlgorithm))
      throw new UsageError(`unknown --hash "${algorithm}"`);
    const options: PackOptions = {
      hash: {
        algorithm: algorithm as HashAlgorithm,
        bytes: intOption(
          'digest-bytes',
          values['digest-bytes'] as string | undefined,
          DEFAULT_HASH_SPEC.bytes,
          MIN_DIGEST_BYTES,
          MAX_DIGEST_BYTES,
        ),
      },
      history: intOption('history', values.history as string | undefined, DEFAULT_HISTORY, 0, 10_000),
      coding: {
        minShardSize: intOption(
          'min-shard-size',
          values['min-shard-size'] as string | undefined,
          DEFAULT_MIN_SHARD_SIZE,
          1,
          MAX_SEGMENT_LENGTH,
        ),
        maxShards: intOption(
          'max-shards',
          values['max-shards'] as string | undefined,
          DEFAULT_MAX_SHARDS,
          2,
          MAX_TOTAL_SHARDS,
        ),
      },
      write: !values['dry-run'],
    };
    if (values['content-id'] !== undefined) options.contentId = values['content-id'] as string;
    const target = positionals[0]!;
    if (!values.watch) {
      for (const packed of await packStream(target, options)) {
        if (values['dry-run']) console.log(packed.text);
        else console.log(summarize(packed));
      }
      return 0;
    }
    const intervalMs = intOption('interval', values.interval as string | undefined, 500, 10, 600_000);
    const watcher = await watchStream(target, {
      ...options,
      intervalMs,
      onUpdate: (packed) => console.log(summarize(packed)),
      onError: (err) => console.error(`shoal pack: ${(err as Error).message}`),
    });
    console.log(`watching ${target} every ${intervalMs} ms; Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await watcher.stop();
    return 0;
  });
}

export function verifyCommand(argv: string[]): Promise<number> {
  return guard('verify', VERIFY_HELP, async () => {
    const { values, positionals } = parse(argv, {});
    if (values.help) {
      console.log(VERIFY_HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('expected exactly one <dir | playlist>');
    const report = await verifyStream(positionals[0]!);
    for (const p of report.problems) {
      const where = p.sequence === null ? p.uri : `${p.uri} (sequence ${p.sequence})`;
      console.error(`MISMATCH ${p.rendition}: ${where}: ${p.reason}`);
    }
    const summary = `${report.checked} segments checked, ${report.problems.length} problem(s)`;
    if (report.ok) console.log(`ok: ${summary}`);
    else console.error(`FAILED: ${summary}`);
    return report.ok ? 0 : 1;
  });
}
