// Hash throughput in Node: SHA-256 vs BLAKE3 (@noble/hashes) on shard-sized and segment-sized
// buffers. Prints a table, then one JSON line. Run: npm run bench:hash
// Timing is the median of several rounds, each hashing about 16 MiB, after a warm-up.

import { blake3 } from '@noble/hashes/blake3.js';
import { sha256 } from '@noble/hashes/sha2.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [16 * KiB, 32 * KiB, 64 * KiB, 2 * MiB];
const ROUND_BYTES = 16 * MiB;
const ROUNDS = 7;

const algorithms = { sha256, blake3 } as const;
type Name = keyof typeof algorithms;

function fill(size: number): Uint8Array {
  const data = new Uint8Array(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x & 0xff;
  }
  return data;
}

function measure(name: Name, data: Uint8Array): number {
  const hash = algorithms[name];
  const perRound = Math.max(1, Math.round(ROUND_BYTES / data.length));
  for (let i = 0; i < perRound; i++) hash(data); // warm-up
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) hash(data);
    const seconds = (performance.now() - start) / 1000;
    rates.push((perRound * data.length) / MiB / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

function label(size: number): string {
  return size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`;
}

const results: { size: number; sha256MiBps: number; blake3MiBps: number }[] = [];
console.log(`Node ${process.version}, ${process.arch}; median of ${ROUNDS} rounds of ~16 MiB each`);
console.log('size      | sha256 MiB/s | blake3 MiB/s | blake3/sha256');
console.log('----------|--------------|--------------|--------------');
for (const size of SIZES) {
  const data = fill(size);
  const sha = measure('sha256', data);
  const b3 = measure('blake3', data);
  results.push({ size, sha256MiBps: Math.round(sha * 10) / 10, blake3MiBps: Math.round(b3 * 10) / 10 });
  console.log(
    `${label(size).padEnd(9)} | ${sha.toFixed(1).padStart(12)} | ${b3.toFixed(1).padStart(12)} | ${(b3 / sha).toFixed(2).padStart(13)}`,
  );
}
console.log(JSON.stringify({ bench: 'hash', node: process.version, arch: process.arch, results }));
