// What the bench page, its bench worker and the Node runner say to each other, and the shape of
// the page's final result (read by bench/worker.ts).

/**
 * Ops the bench worker times itself. `ours`: runJob, the coding worker's own job code, results in
 * warm buffers; `fresh`: the same with freshly allocated results.
 */
export type WorkerOp =
  | 'ours-encode'
  | 'ours-decode'
  | 'fresh-encode'
  | 'fresh-decode'
  | 'arena-encode'
  | 'arena-decode'
  | 'dd-encode'
  | 'dd-decode';

export type BenchRequest =
  | { id: number; cmd: 'info' }
  | { id: number; cmd: 'hash'; size: number; rounds: number; roundBytes: number }
  | { id: number; cmd: 'coding-setup'; segment: Uint8Array; k: number; m: number }
  /** Runs `op` once untimed, then `calls` timed calls; answers their durations in ms. */
  | { id: number; cmd: 'coding-run'; op: WorkerOp; calls: number };

export type BenchResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

export interface WorkerInfo {
  kernel: string;
  relaxedSimd: boolean;
  crossOriginIsolated: boolean;
}

/** Median MiB/s (2^20 bytes) per algorithm for one buffer size. */
export interface HashRow {
  size: number;
  sha256MiBps: number;
  blake3MiBps: number;
  subtleSha256MiBps: number;
  /** The coding worker's SHA-256 hash job (hashing.ts: subtle or noble by size). */
  jobSha256MiBps: number;
}

export type CodingImpl =
  | 'round trip'
  | 'round trip, busy'
  | 'main thread'
  | 'in worker'
  | 'in worker, fresh'
  | 'in worker, in place'
  | 'digitaldefiance';

export interface CodingRow {
  config: string;
  impl: CodingImpl;
  op: 'encode' | 'decode';
  samples: number;
  medianMs: number;
  minMs: number;
}

export interface PageResult {
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  /** The real coding worker, as WorkerCoder reports it. */
  coder: { kernel: string; where: string };
  worker: WorkerInfo;
  rounds: number;
  burst: number;
  /** Idle time before each 'round trip' call ('round trip, busy': none). */
  idleGapMs: number;
  /** Round trip of an empty hash job through the real coding worker: messaging alone. */
  pingMs: { median: number; min: number };
  hashRounds: number;
  hashRoundBytes: number;
  hashing: HashRow[];
  coding: CodingRow[];
}
