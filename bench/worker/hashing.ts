// Hash throughput inside the bench worker: @noble/hashes SHA-256 and BLAKE3 through runJob (the
// coding worker's own hash job), and the browser's native crypto.subtle SHA-256 for comparison.
// Rounds rotate the algorithms' order, so load falls on all of them alike.

import { runJob } from '../../src/adapters/worker/jobs.ts';
import type { ErasureCoder } from '../../src/core/coding/index.ts';
import type { HashRow } from './protocol.ts';
import { median, randomBytes, round } from './stats.ts';

type Algorithm = 'sha256' | 'blake3' | 'subtle';
const ALGORITHMS: readonly Algorithm[] = ['sha256', 'blake3', 'subtle'];
const MiB = 1024 * 1024;

function noble(coder: ErasureCoder, algorithm: 'sha256' | 'blake3', data: Uint8Array): Uint8Array {
  return runJob(coder, { id: 0, cmd: 'hash', algorithm, buffers: [data] })[0]!;
}

/** Seconds to hash `data` `count` times, one after the other. */
async function timeRound(
  coder: ErasureCoder,
  algorithm: Algorithm,
  data: Uint8Array<ArrayBuffer>,
  count: number,
): Promise<number> {
  const start = performance.now();
  if (algorithm === 'subtle') {
    // Each digest is its own async call, as a verifier would make it.
    for (let i = 0; i < count; i++) await crypto.subtle.digest('SHA-256', data);
  } else {
    for (let i = 0; i < count; i++) noble(coder, algorithm, data);
  }
  return (performance.now() - start) / 1000;
}

export async function measureHashes(
  coder: ErasureCoder,
  size: number,
  rounds: number,
  roundBytes: number,
): Promise<HashRow> {
  const data = randomBytes(size);
  const native = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  if (!noble(coder, 'sha256', data).every((b, i) => b === native[i]))
    throw new Error('noble and subtle SHA-256 disagree');
  const count = Math.max(1, Math.round(roundBytes / size));
  for (const algorithm of ALGORITHMS) await timeRound(coder, algorithm, data, count); // warm-up
  const rates: Record<Algorithm, number[]> = { sha256: [], blake3: [], subtle: [] };
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < ALGORITHMS.length; i++) {
      const algorithm = ALGORITHMS[(i + r) % ALGORITHMS.length]!;
      const seconds = await timeRound(coder, algorithm, data, count);
      rates[algorithm].push((count * size) / MiB / seconds);
    }
  }
  return {
    size,
    sha256MiBps: round(median(rates.sha256), 1),
    blake3MiBps: round(median(rates.blake3), 1),
    subtleSha256MiBps: round(median(rates.subtle), 1),
  };
}
