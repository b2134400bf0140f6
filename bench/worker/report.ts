// bench:worker's tables and judgement: ratios to digitaldefiance and the issue-3 targets, per
// way of calling our coder (in place, the worker's job code, the full round trip).

import type { CodingImpl, CodingRow, HashRow } from './protocol.ts';
import { round } from './stats.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const SEGMENT_BYTES = 2 * MiB;
const OURS: readonly CodingImpl[] = [
  'in worker, in place',
  'in worker',
  'in worker, fresh',
  'round trip',
  'round trip, busy',
];
const TAGS: Record<string, string> = {
  'in worker, in place': 'arena',
  'in worker': 'job',
  'in worker, fresh': 'job-fresh',
  'round trip': 'round-trip',
  'round trip, busy': 'round-trip-busy',
};

/** MB/s (10^6 bytes) of segment data for one call of `ms`. */
export function mbps(ms: number): number {
  return SEGMENT_BYTES / 1e6 / (ms / 1000);
}

function label(size: number): string {
  if (size < KiB) return `${size} B`;
  return size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`;
}

export function hashTable(rows: readonly HashRow[]): string {
  const lines = [
    'size      | sha256 MiB/s | blake3 MiB/s | blake3/sha256 | subtle sha256 MiB/s | job sha256 MiB/s',
    '----------|--------------|--------------|---------------|---------------------|-----------------',
  ];
  for (const r of rows) {
    lines.push(
      `${label(r.size).padEnd(9)} | ${r.sha256MiBps.toFixed(1).padStart(12)} | ${r.blake3MiBps
        .toFixed(1)
        .padStart(12)} | ${(r.blake3MiBps / r.sha256MiBps).toFixed(2).padStart(13)} | ${r.subtleSha256MiBps
        .toFixed(1)
        .padStart(19)} | ${r.jobSha256MiBps.toFixed(1).padStart(16)}`,
    );
  }
  return lines.join('\n');
}

function find(rows: readonly CodingRow[], config: string, impl: CodingImpl, op: string) {
  return rows.find((r) => r.config === config && r.impl === impl && r.op === op);
}

export function codingTable(rows: readonly CodingRow[]): string {
  const lines = [
    'code  | implementation      | encode ms | encode MB/s | x dd  | decode ms | decode MB/s | x dd',
    '------|---------------------|-----------|-------------|-------|-----------|-------------|------',
  ];
  const configs = [...new Set(rows.map((r) => r.config))];
  for (const config of configs) {
    const dd = (op: string) => find(rows, config, 'digitaldefiance', op)?.medianMs ?? Number.NaN;
    for (const impl of [...OURS, 'main thread', 'digitaldefiance'] as const) {
      const cells = (['encode', 'decode'] as const).map((op) => {
        const ms = find(rows, config, impl, op)?.medianMs ?? Number.NaN;
        return `${ms.toFixed(3).padStart(9)} | ${mbps(ms).toFixed(0).padStart(11)} | ${(dd(op) / ms)
          .toFixed(1)
          .padStart(5)}`;
      });
      lines.push(`${config.padEnd(5)} | ${impl.padEnd(19)} | ${cells.join(' | ')}`);
    }
  }
  return lines.join('\n');
}

/** Speed ratios ours/digitaldefiance (its time over ours) and the targets, per variant. */
export function judge(rows: readonly CodingRow[], measure: 'medianMs' | 'minMs') {
  const ratios: Record<string, number | null> = {};
  const targets: Record<string, boolean> = {};
  const configs = [...new Set(rows.map((r) => r.config))];
  for (const impl of OURS) {
    const tag = TAGS[impl]!;
    for (const config of configs) {
      for (const op of ['encode', 'decode']) {
        const ours = find(rows, config, impl, op)?.[measure];
        const dd = find(rows, config, 'digitaldefiance', op)?.[measure];
        ratios[`${config} ${op} ${tag}/digitaldefiance`] =
          ours !== undefined && dd !== undefined ? round(dd / ours, 2) : null;
      }
    }
    const at = (config: string, op: string, min: number) =>
      (ratios[`${config} ${op} ${tag}/digitaldefiance`] ?? 0) >= min;
    targets[`${tag}: encode 8+4 >= 10x digitaldefiance`] = at('8+4', 'encode', 10);
    targets[`${tag}: decode 8+4 >= 5x digitaldefiance`] = at('8+4', 'decode', 5);
    targets[`${tag}: encode+decode 16+8, 32+16 >= 8x digitaldefiance`] = ['16+8', '32+16'].every(
      (c) => at(c, 'encode', 8) && at(c, 'decode', 8),
    );
  }
  // Issue 3: rebuilding a 2 MiB segment costs the worker "a few milliseconds, not tens" — judged
  // on the whole round trip from the main thread, at 5 ms.
  for (const impl of ['round trip', 'round trip, busy'] as const) {
    for (const config of configs) {
      const ms = find(rows, config, impl, 'decode')?.[measure];
      targets[`${TAGS[impl]} decode ${config} of 2 MiB <= 5 ms`] = ms !== undefined && ms <= 5;
    }
  }
  return { ratios, targets };
}
