// Interleaved rounds, as in bench:coding: after a warm-up (>= 3 rounds and >= warmupMs, so V8
// has tiered everything up), each round runs every op once untimed then `burst` timed calls,
// the order rotating, so load from other processes falls on all ops alike.

export interface TimedOp {
  /** One untimed call, then `calls` timed calls; their durations in ms. */
  run(calls: number): Promise<number[]>;
}

/** Per op, every timed duration (ms) of the measured rounds. */
export async function interleave(
  ops: readonly TimedOp[],
  rounds: number,
  burst: number,
  warmupMs: number,
): Promise<number[][]> {
  const warmupUntil = performance.now() + warmupMs;
  for (let round = 0; round < 3 || performance.now() < warmupUntil; round++) {
    for (const op of ops) await op.run(1);
  }
  const samples: number[][] = ops.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < ops.length; i++) {
      const at = (i + round) % ops.length;
      samples[at]!.push(...(await ops[at]!.run(burst)));
    }
  }
  return samples;
}

/**
 * Times an async call the same way from the page: one untimed call, then `calls` timed, each after
 * `gapMs` of idle time (the coding worker does its idle work then, as between a viewer's jobs).
 */
export async function timeCalls(calls: number, call: () => Promise<unknown>, gapMs = 0): Promise<number[]> {
  await call();
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/**
 * As timeCalls, but times only the synchronous part of each call (until it returns its promise):
 * what blocks the calling thread. Each call is still awaited before the next.
 */
export async function timeSyncPart(calls: number, call: () => Promise<unknown>): Promise<number[]> {
  await call();
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const pending = call();
    ms.push(performance.now() - t0);
    await pending;
  }
  return ms;
}
