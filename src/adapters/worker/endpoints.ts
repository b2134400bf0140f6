// Where jobs run: a module Worker, or (where Workers are missing or fail to start) the same
// job code on the main thread, one job per task. The client talks to both the same way.

import { createErasureCoder, type KernelKind } from '../../core/coding/index.ts';
import { serializeError } from './errors.ts';
import { JobQueue } from './job-queue.ts';
import { runJob } from './jobs.ts';
import type { CodingRequest, CodingResponse } from './protocol.ts';

export interface Endpoint {
  readonly where: 'worker' | 'inline';
  /** True when posted buffers are transferred away, so callers' inputs must be copied first. */
  readonly transfers: boolean;
  post(request: CodingRequest, transfer: ArrayBuffer[]): void;
  onResponse: ((response: CodingResponse) => void) | null;
  /** The endpoint died (e.g. the worker script failed to load); pending jobs must go elsewhere. */
  onFailure: ((reason: string) => void) | null;
  terminate(): void;
}

export function workerEndpoint(worker: Worker): Endpoint {
  const endpoint: Endpoint = {
    where: 'worker',
    transfers: true,
    post: (request, transfer) => worker.postMessage(request, transfer),
    onResponse: null,
    onFailure: null,
    terminate: () => worker.terminate(),
  };
  worker.onmessage = (event: MessageEvent<CodingResponse>) => endpoint.onResponse?.(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    endpoint.onFailure?.(event.message || 'coding worker failed to start');
  };
  worker.onmessageerror = () => endpoint.onFailure?.('coding worker could not read a message');
  return endpoint;
}

export function inlineEndpoint(): Endpoint {
  let queue: JobQueue | null = null;
  let closed = false;
  const early: CodingRequest[] = [];
  const respond = (response: CodingResponse) => {
    if (!closed) endpoint.onResponse?.(response);
  };
  const handle = (request: CodingRequest) => {
    if (request.cmd === 'cancel') queue!.cancel(request.id);
    else queue!.push(request);
  };
  const endpoint: Endpoint = {
    where: 'inline',
    transfers: false,
    post: (request) => (queue ? handle(request) : early.push(request)),
    onResponse: null,
    onFailure: null,
    terminate: () => {
      closed = true;
    },
  };
  void createErasureCoder().then((coder) => {
    queue = new JobQueue(async (job) => {
      try {
        respond({ type: 'result', id: job.id, buffers: await runJob(coder, job) });
      } catch (error) {
        respond({ type: 'error', id: job.id, error: serializeError(error) });
      }
    });
    respond({ type: 'ready', kernel: coder.kind satisfies KernelKind });
    for (const request of early.splice(0)) handle(request);
  });
  return endpoint;
}
