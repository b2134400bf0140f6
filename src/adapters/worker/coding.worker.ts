// The coding worker: erasure coding (WASM SIMD where available) and hashing off the main thread.
// Answers are posted with their buffers transferred, so results cost no copy.

import { createErasureCoder } from '../../core/coding/index.ts';
import { serializeError } from './errors.ts';
import { JobQueue } from './job-queue.ts';
import { runJob } from './jobs.ts';
import { type CodingRequest, type CodingResponse, transferList } from './protocol.ts';

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
const queue = new JobQueue(async (job) => {
  try {
    const buffers = await runJob(coder, job);
    scope.postMessage({ type: 'result', id: job.id, buffers }, transferList(buffers));
  } catch (error) {
    scope.postMessage({ type: 'error', id: job.id, error: serializeError(error) });
  }
});
const handle = (request: CodingRequest) => {
  if (request.cmd === 'cancel') queue.cancel(request.id);
  else queue.push(request);
};
scope.onmessage = (event) => handle(event.data);
scope.postMessage({ type: 'ready', kernel: coder.kind });
for (const request of early.splice(0)) handle(request);
