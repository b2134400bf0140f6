// Erasure coding throughput in Node: a 2 MiB segment at 8+4, 16+8 and 32+16, encode and decode
// (m data shards lost), in MB/s (10^6 bytes) of segment data. Side by side: a memcpy of the
// segment, our TypeScript kernel, our WASM SIMD kernel, @digitaldefiance/reed-solomon-erasure.wasm
// and @ronomon/reed-solomon (native, 8+4 only). Prints a table, then one JSON line.
// Run: npm run bench:coding [-- --rounds N]   Timing: median of N interleaved rounds (default 41)
// after warm-up rounds (at least 3 and 2 s per config).

import v8 from 'node:v8';
import { createCoder, type ErasureCoder } from '../src/core/coding/coder.ts';
import { createErasureCoder } from '../src/core/coding/index.ts';
import { createSimdKernel, relaxedSimdSupported } from '../src/core/coding/wasm/simd-kernel.ts';
import { digitalDefiance, type Rival, ronomon } from './coding-rivals.ts';

const SEGMENT_BYTES = 2 * 1024 * 1024;
const CONFIGS = [
  [8, 4],
  [16, 8],
  [32, 16],
] as const;
const WARMUP_ROUNDS = 3;
const WARMUP_SECONDS = 2;
/** Timed rounds per config (`--rounds N` to change). */
const ROUNDS = roundsArg(process.argv.slice(2)) ?? 41;

function roundsArg(args: string[]): number | undefined {
  const at = args.indexOf('--rounds');
  const n = at >= 0 ? Number(args[at + 1]) : undefined;
  if (n !== undefined && !(Number.isInteger(n) && n > 0))
    throw new Error('--rounds needs a positive integer');
  return n;
}

interface Row {
  config: string;
  impl: string;
  op: 'copy' | 'encode' | 'decode';
  mbps: number;
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 24;
  }
  return out;
}

/**
 * Median MB/s of each op over SEGMENT_BYTES. Ops run in interleaved rounds (one call of each per
 * round, the order rotating), so load from other processes falls on all of them alike.
 */
async function measureInterleaved(ops: readonly (() => unknown)[]): Promise<number[]> {
  // Warm-up lasts long enough for V8 to tier up every op (JS and WASM), even on a loaded machine.
  const warmupUntil = performance.now() + WARMUP_SECONDS * 1000;
  for (let round = 0; round < WARMUP_ROUNDS || performance.now() < warmupUntil; round++) {
    for (const op of ops) await op();
  }
  const seconds: number[][] = ops.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < ops.length; i++) {
      const at = (i + round) % ops.length;
      const t0 = performance.now();
      await ops[at]!();
      seconds[at]!.push((performance.now() - t0) / 1000);
    }
  }
  return seconds.map((list) => {
    list.sort((a, b) => a - b);
    return SEGMENT_BYTES / 1e6 / list[Math.floor(list.length / 2)]!;
  });
}

/** Our coder in place: the segment and shards live in a CodingArena (WASM memory), no copies. */
async function oursInArena(
  coder: ErasureCoder,
  name: string,
  segment: Uint8Array,
  k: number,
  m: number,
): Promise<Rival> {
  const p = { k, m, shardSize: Math.ceil(segment.length / k) };
  const arena = await coder.createArena(p);
  arena.segment.set(segment);
  arena.encode(segment.length);
  // The first m data shards are lost, as for the others.
  const present = Array.from({ length: k + m }, (_, i) => i).slice(m);
  return {
    name: `${name} (arena)`,
    encode: () => arena.encode(segment.length),
    decode: () => {
      arena.decode(present);
      if (arena.segment[0] !== segment[0]) throw new Error('bad decode');
    },
  };
}

function oursAsRival(
  coder: ErasureCoder,
  name: string,
  segment: Uint8Array,
  k: number,
  m: number,
  reuse: boolean,
): Rival {
  const p = { k, m, shardSize: Math.ceil(segment.length / k) };
  const data = coder.dataShards(segment, p);
  const parity = coder.encode(segment, p);
  // The first m data shards are lost: the decoder gets the other data shards and all parity.
  const survivors = [
    ...data.map((d, i) => ({ index: i, data: d })).slice(m),
    ...parity.map((d, i) => ({ index: k + i, data: d })),
  ];
  const parityOut = parity.map((shard) => new Uint8Array(shard.length));
  const segmentOut = new Uint8Array(segment.length);
  const check = (out: Uint8Array) => {
    if (out[0] !== segment[0] || out[out.length - 1] !== segment[segment.length - 1])
      throw new Error('bad decode');
  };
  return {
    name: reuse ? `${name} (reused)` : name,
    encode: reuse ? () => coder.encodeInto(segment, p, parityOut) : () => void coder.encode(segment, p),
    decode: reuse
      ? () => {
          coder.decodeInto(survivors, p, segmentOut);
          check(segmentOut);
        }
      : () => check(coder.decode(survivors, p, segment.length)),
  };
}

async function main(): Promise<void> {
  const segment = randomBytes(SEGMENT_BYTES);
  const wasm = await createErasureCoder({ prefer: 'wasm' });
  console.log(`createErasureCoder() picked: ${wasm.kind}`);
  const ts = await createErasureCoder({ prefer: 'ts' });
  if (wasm.kind !== 'wasm-simd') throw new Error('WASM SIMD kernel unavailable in this Node');
  // Chromium >= 114 and Node >= 22 ship relaxed SIMD; Node 20 has it behind a V8 flag. Measure
  // the kernel both ways: plain i8x16.swizzle (what Node 20 runs by default) and relaxed_swizzle
  // (what the browser worker runs). Both give identical bytes.
  const plain = createCoder(await createSimdKernel({ relaxed: false }));
  if (!relaxedSimdSupported()) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  const relaxed = relaxedSimdSupported() ? createCoder(await createSimdKernel({ relaxed: true })) : null;
  const rows: Row[] = [];
  const copyTarget = new Uint8Array(SEGMENT_BYTES);

  console.log(
    `Node ${process.version}, ${process.arch}; ${SEGMENT_BYTES / 1024 / 1024} MiB segment; median MB/s`,
  );
  console.log('config | implementation             |   encode MB/s |   decode MB/s');
  console.log('-------|----------------------------|---------------|--------------');
  for (const [k, m] of CONFIGS) {
    const config = `${k}+${m}`;
    const s = Math.ceil(SEGMENT_BYTES / k);
    const lost = Array.from({ length: m }, (_, i) => i);
    const rivals: Rival[] = [
      oursAsRival(ts, 'ours ts', segment, k, m, true),
      oursAsRival(plain, 'ours wasm-simd', segment, k, m, false),
      oursAsRival(plain, 'ours wasm-simd', segment, k, m, true),
      await oursInArena(plain, 'ours wasm-simd', segment, k, m),
      ...(relaxed
        ? [
            oursAsRival(relaxed, 'ours wasm-relaxed', segment, k, m, false),
            oursAsRival(relaxed, 'ours wasm-relaxed', segment, k, m, true),
            await oursInArena(relaxed, 'ours wasm-relaxed', segment, k, m),
          ]
        : []),
      digitalDefiance(segment, k, m, s, lost),
    ];
    if (k === 8 && m === 4) {
      const native = ronomon(segment, k, m, s, lost);
      if (native) rivals.push(native);
      else console.log('(@ronomon/reed-solomon unavailable: skipped)');
    }
    const [copy, ...speeds] = await measureInterleaved([
      () => copyTarget.set(segment),
      ...rivals.flatMap((rival) => [rival.encode, rival.decode]),
    ]);
    rows.push({ config, impl: 'memcpy', op: 'copy', mbps: copy! });
    console.log(
      `${config.padEnd(6)} | ${'memcpy (Uint8Array.set)'.padEnd(26)} | ${fmt(copy!)} | ${fmt(copy!)}`,
    );
    rivals.forEach((rival, i) => {
      const [enc, dec] = [speeds[2 * i]!, speeds[2 * i + 1]!];
      rows.push(
        { config, impl: rival.name, op: 'encode', mbps: enc },
        { config, impl: rival.name, op: 'decode', mbps: dec },
      );
      console.log(`${config.padEnd(6)} | ${rival.name.padEnd(26)} | ${fmt(enc)} | ${fmt(dec)}`);
    });
  }
  const result = summarize(rows);
  console.log(JSON.stringify(result));
}

function fmt(mbps: number): string {
  return mbps.toFixed(0).padStart(13);
}

function summarize(rows: Row[]) {
  const get = (config: string, impl: string, op: string) =>
    rows.find((r) => r.config === config && r.impl === impl && r.op === op)?.mbps;
  const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined ? round(a / b, 2) : null);
  const ratios: Record<string, number | null> = {};
  const targets: Record<string, boolean> = {};
  const variants = [
    ['ours wasm-simd (arena)', 'wasm-arena'],
    ['ours wasm-relaxed (arena)', 'relaxed-arena'],
    ['ours wasm-simd (reused)', 'wasm-reused'],
    ['ours wasm-simd', 'wasm-fresh'],
    ['ours wasm-relaxed (reused)', 'relaxed-reused'],
    ['ours wasm-relaxed', 'relaxed-fresh'],
  ] as const;
  for (const [ours, tag] of variants) {
    for (const [k, m] of CONFIGS) {
      const c = `${k}+${m}`;
      for (const op of ['encode', 'decode']) {
        ratios[`${c} ${op} ${tag}/digitaldefiance`] = ratio(
          get(c, ours, op),
          get(c, 'digitaldefiance wasm', op),
        );
        ratios[`${c} ${op} ${tag}/ts`] = ratio(get(c, ours, op), get(c, 'ours ts (reused)', op));
        ratios[`${c} ${op} ${tag}/memcpy`] = ratio(get(c, ours, op), get(c, 'memcpy', 'copy'));
      }
    }
    for (const op of ['encode', 'decode']) {
      ratios[`8+4 ${op} ${tag}/ronomon`] = ratio(get('8+4', ours, op), get('8+4', 'ronomon native', op));
    }
    const at = (key: string, min: number) => (ratios[key.replace('*', tag)] ?? 0) >= min;
    targets[`${tag}: encode 8+4 >= 10x digitaldefiance`] = at('8+4 encode */digitaldefiance', 10);
    targets[`${tag}: encode 8+4 >= 1.2x ronomon`] = at('8+4 encode */ronomon', 1.2);
    targets[`${tag}: decode 8+4 >= 5x digitaldefiance`] = at('8+4 decode */digitaldefiance', 5);
    targets[`${tag}: encode+decode 16+8, 32+16 >= 8x digitaldefiance`] = ['16+8', '32+16'].every(
      (c) => at(`${c} encode */digitaldefiance`, 8) && at(`${c} decode */digitaldefiance`, 8),
    );
  }
  return {
    bench: 'coding',
    node: process.version,
    segmentBytes: SEGMENT_BYTES,
    unit: 'MB/s',
    rows: rows.map((r) => ({ ...r, mbps: round(r.mbps, 1) })),
    ratios,
    targets,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();
