// The coding worker's message loop, apart from the Worker global so tests can drive it: jobs run
// one at a time (job-queue.ts), answers go out with their transfer lists (answer.ts), and when
// the queue runs dry the worker touches spare result buffers (warm-buffers.ts).

import type { ErasureCoder } from '../../core/coding/index.ts';
import { answerJob } from './answer.ts';
import { JobQueue, nextTask } from './job-queue.ts';
import type { CodingRequest, CodingResponse } from './protocol.ts';
import { WarmBuffers } from './warm-buffers.ts';

export type Post = (response: CodingResponse, transfer: ArrayBuffer[]) => void;

/**
 * Idle work waits this long after the queue runs dry: touching a spare straight away competed for
 * the CPU with the page taking the answer (bench:worker, 2 cores: +1.0-1.7 ms per 32+16 round trip).
 */
export const REFILL_DELAY_MS = 5;

const afterDelay = (idleWork: () => Promise<void>) => void setTimeout(idleWork, REFILL_DELAY_MS);

/** Returns the handler for each request the worker receives. `schedule` runs the idle work. */
export function workerLoop(
  coder: ErasureCoder,
  post: Post,
  schedule: (idleWork: () => Promise<void>) => void = afterDelay,
): (request: CodingRequest) => void {
  const warm = WarmBuffers.supported() ? new WarmBuffers() : null;
  const alloc = warm ? (bytes: number) => warm.take(bytes) : undefined;
  let refilling = false;
  // One slice per task, and only while no job waits: the queue calls again when it runs dry.
  const refill = async () => {
    if (!warm || refilling) return;
    refilling = true;
    while (!queue.busy && warm.refillStep()) await nextTask();
    refilling = false;
  };
  const queue = new JobQueue(
    async (job) => {
      const { response, transfer } = await answerJob(coder, job, alloc);
      post(response, transfer);
    },
    () => schedule(refill),
  );
  return (request) => {
    if (request.cmd === 'cancel') queue.cancel(request.id);
    else queue.push(request);
  };
}
