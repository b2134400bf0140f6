// The coding worker adapter: a Coder (core port) that codes and hashes in a module Worker,
// or inline on the main thread where Workers are unavailable. WorkerCoder implements Coder.

import { type Endpoint, workerEndpoint } from './endpoints.ts';
import { WorkerCoder } from './worker-coder.ts';

export { CodingWorkerError, type CodingWorkerErrorKind } from './errors.ts';
export { type CoderInfo, WorkerCoder } from './worker-coder.ts';

/** Starts the coding worker; null where the platform has no module Workers. */
export function spawnCodingWorker(): Endpoint | null {
  if (typeof Worker !== 'function') return null;
  // This exact form lets Vite find and bundle the worker with its imports.
  const worker = new Worker(new URL('./coding.worker.ts', import.meta.url), { type: 'module' });
  return workerEndpoint(worker);
}

export function createWorkerCoder(): WorkerCoder {
  return new WorkerCoder(spawnCodingWorker);
}

/** The same coder running on the main thread (tests, or pages that forbid workers). */
export function createInlineCoder(): WorkerCoder {
  return new WorkerCoder(() => null);
}
