// Hash throughput inside the bench worker: @noble/hashes SHA-256 and BLAKE3, the browser's native
// crypto.subtle SHA-256 (one awaited call per buffer, as a verifier makes them), and the coding
// worker's own SHA-256 hash job (hashBuffers: subtle from SUBTLE_MIN_BYTES up, noble below).
// Rounds rotate the algorithms' order, so load falls on all of them alike.

import { hashBuffers, nobleDigest, subtleSha256 } from '../../src/adapters/worker/hashing.ts';
import type { HashRow } from './protocol.ts';
import { median, randomBytes, round } from './stats.ts';

type Algorithm = 'sha256' | 'blake3' | 'subtle' | 'job';
const ALGORITHMS: readonly Algorithm[] = ['sha256', 'blake3', 'subtle', 'job'];
const MiB = 1024 * 1024;

/** Seconds to hash `data` `count` times, one after the other. */
async function timeRound(
  algorithm: Algorithm,
  data: Uint8Array<ArrayBuffer>,
  count: number,
): Promise<number> {
  const start = performance.now();
  if (algorithm === 'subtle') {
    for (let i = 0; i < count; i++) await subtleSha256(data);
  } else if (algorithm === 'job') {
    for (let i = 0; i < count; i++) await hashBuffers('sha256', [data]);
  } else {
    for (let i = 0; i < count; i++) nobleDigest(algorithm, data);
  }
  return (performance.now() - start) / 1000;
}

export async function measureHashes(size: number, rounds: number, roundBytes: number): Promise<HashRow> {
  const data = randomBytes(size);
  const native = await subtleSha256(data);
  const same = (digest: Uint8Array) => digest.every((b, i) => b === native[i]);
  if (!same(nobleDigest('sha256', data)) || !same((await hashBuffers('sha256', [data]))[0]!))
    throw new Error('noble, subtle and the hash job disagree on SHA-256');
  const count = Math.max(1, Math.round(roundBytes / size));
  for (const algorithm of ALGORITHMS) await timeRound(algorithm, data, count); // warm-up
  const rates: Record<Algorithm, number[]> = { sha256: [], blake3: [], subtle: [], job: [] };
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < ALGORITHMS.length; i++) {
      const algorithm = ALGORITHMS[(i + r) % ALGORITHMS.length]!;
      const seconds = await timeRound(algorithm, data, count);
      rates[algorithm].push((count * size) / MiB / seconds);
    }
  }
  return {
    size,
    sha256MiBps: round(median(rates.sha256), 1),
    blake3MiBps: round(median(rates.blake3), 1),
    subtleSha256MiBps: round(median(rates.subtle), 1),
    jobSha256MiBps: round(median(rates.job), 1),
  };
}
