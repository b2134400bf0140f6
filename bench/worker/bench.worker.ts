// The bench page's own module worker: hashes and codes with the same core code as Shoal's coding
// worker (createErasureCoder, runJob) and times each call inside the worker, so the figures
// carry no messaging. The rival coder runs here too, on the same segment.

import { createErasureCoder } from '../../src/core/coding/index.ts';
import { relaxedSimdSupported } from '../../src/core/coding/wasm/simd-kernel.ts';
import { prepareOps, type TimedWorkerOp } from './coding-ops.ts';
import { measureHashes } from './hashing.ts';
import type { BenchRequest, BenchResponse, WorkerInfo, WorkerOp } from './protocol.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<BenchRequest>) => void) | null;
  postMessage(message: BenchResponse): void;
  crossOriginIsolated: boolean;
}

const scope = self as unknown as WorkerScope;
const coderReady = createErasureCoder();
let ops: Record<WorkerOp, TimedWorkerOp> | null = null;

async function handle(request: BenchRequest): Promise<unknown> {
  const coder = await coderReady;
  switch (request.cmd) {
    case 'info':
      return {
        kernel: coder.kind,
        relaxedSimd: relaxedSimdSupported(),
        crossOriginIsolated: scope.crossOriginIsolated,
      } satisfies WorkerInfo;
    case 'hash':
      return measureHashes(request.size, request.rounds, request.roundBytes);
    case 'coding-setup':
      ops = await prepareOps(coder, request.segment, request.k, request.m);
      return null;
    case 'coding-run': {
      const op = ops?.[request.op];
      if (!op) throw new Error('coding-run before coding-setup');
      op.idle?.();
      await op.run(); // untimed: brings its buffers back into cache, as in a loop over segments
      const ms: number[] = [];
      for (let i = 0; i < request.calls; i++) {
        op.idle?.();
        const t0 = performance.now();
        const pending = op.run();
        // Sync ops (in place, digitaldefiance) are not charged a microtask hop.
        if (pending instanceof Promise) await pending;
        ms.push(performance.now() - t0);
      }
      return ms;
    }
  }
}

scope.onmessage = (event) => {
  const { id } = event.data;
  handle(event.data).then(
    (value) => scope.postMessage({ id, ok: true, value }),
    (error: unknown) => scope.postMessage({ id, ok: false, error: String(error) }),
  );
};
