// The page's side of the bench worker: one promise per request, matched by id.

import type { BenchRequest, BenchResponse } from './protocol.ts';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class BenchWorkerClient {
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  private nextId = 1;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<BenchResponse>) => {
      const answer = event.data;
      const job = this.pending.get(answer.id);
      if (!job) return;
      this.pending.delete(answer.id);
      if (answer.ok) job.resolve(answer.value);
      else job.reject(new Error(`bench worker: ${answer.error}`));
    };
    worker.onerror = (event) => {
      const error = new Error(`bench worker failed: ${event.message}`);
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
  }

  request<T>(body: WithoutId<BenchRequest>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...body, id });
    });
  }

  close(): void {
    this.worker.terminate();
  }
}
