// The coding worker's message loop, apart from the Worker global so tests can drive it: jobs run
// one at a time (job-queue.ts) and answers go out with their transfer lists (answer.ts).

import type { ErasureCoder } from '../../core/coding/index.ts';
import { answerJob } from './answer.ts';
import { JobQueue } from './job-queue.ts';
import type { CodingRequest, CodingResponse } from './protocol.ts';

export type Post = (response: CodingResponse, transfer: ArrayBuffer[]) => void;

/** Returns the handler for each request the worker receives. */
export function workerLoop(coder: ErasureCoder, post: Post): (request: CodingRequest) => void {
  const queue = new JobQueue(async (job) => {
    const { response, transfer } = await answerJob(coder, job);
    post(response, transfer);
  });
  return (request) => {
    if (request.cmd === 'cancel') queue.cancel(request.id);
    else queue.push(request);
  };
}
