// How the worker answers a job: the response, and what to transfer with it — the results' fresh
// buffers, and the request's own (staged) input buffers handed back for the client to reuse.

import type { ErasureCoder } from '../../core/coding/index.ts';
import { serializeError } from './errors.ts';
import { type Alloc, runJob } from './jobs.ts';
import { type CodingResponse, inputsOf, type JobRequest, transferList } from './protocol.ts';

export interface Answer {
  response: CodingResponse;
  transfer: ArrayBuffer[];
}

export async function answerJob(coder: ErasureCoder, job: JobRequest, alloc?: Alloc): Promise<Answer> {
  const inputs = transferList(inputsOf(job));
  try {
    const buffers = await runJob(coder, job, alloc);
    const results = transferList(buffers);
    // Never hand back a buffer a result lives in (runJob's results are fresh; this makes sure).
    const staging = inputs.filter((buffer) => !results.includes(buffer));
    return { response: { type: 'result', id: job.id, buffers, staging }, transfer: [...results, ...staging] };
  } catch (error) {
    return {
      response: { type: 'error', id: job.id, error: serializeError(error), staging: inputs },
      transfer: inputs,
    };
  }
}
