// The coding worker: erasure coding (WASM SIMD where available) and hashing off the main thread.
// Answers are posted with their buffers transferred, so results cost no copy, and the request's
// own (staged) buffers go back with them for the client to reuse. Coding results are written
// into buffers touched while the worker was idle. The loop itself is worker-loop.ts.

import { createErasureCoder } from '../../core/coding/index.ts';
import type { CodingRequest, CodingResponse } from './protocol.ts';
import { workerLoop } from './worker-loop.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<CodingRequest>) => void) | null;
  postMessage(message: CodingResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const early: CodingRequest[] = [];
scope.onmessage = (event) => {
  early.push(event.data);
};

const coder = await createErasureCoder();
const handle = workerLoop(coder, (response, transfer) => scope.postMessage(response, transfer));
scope.onmessage = (event) => handle(event.data);
scope.postMessage({ type: 'ready', kernel: coder.kind });
for (const request of early.splice(0)) handle(request);
