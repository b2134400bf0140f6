// The main-thread client of the coding worker, implementing the core's Coder port.
// Requests carry ids; inputs travel in a reused staging buffer (staging.ts) that comes back with
// the answer; results arrive transferred; cancellation rejects at once and tells the worker to
// skip the job if it has not started. If the worker dies, pending and later jobs run inline on
// the main thread instead.

import type { CodingParams, KernelKind } from '../../core/coding/index.ts';
import type { CancelToken, Coder, HashAlgorithm, ShardData } from '../../core/ports.ts';
import { type Endpoint, inlineEndpoint } from './endpoints.ts';
import { CodingWorkerError, deserializeError } from './errors.ts';
import { hashBuffers, nativeSubtle } from './hashing.ts';
import { nextTask } from './job-queue.ts';
import { type CodingRequest, inputsOf, type JobRequest, transferList } from './protocol.ts';
import { StagingPool } from './staging.ts';

export interface CoderInfo {
  kernel: KernelKind;
  where: 'worker' | 'inline';
}

type JobBody = JobRequest extends infer J ? (J extends JobRequest ? Omit<J, 'id'> : never) : never;

interface Pending {
  /** Builds the request anew (with fresh copies when the endpoint transfers). */
  body: () => JobBody;
  resolve(buffers: Uint8Array[]): void;
  reject(error: Error): void;
}

interface HashBatch {
  buffers: Uint8Array[];
  /** Each caller's share of the digests, in order. */
  parts: Array<{ count: number; resolve(digests: Uint8Array[]): void; reject(error: Error): void }>;
}

export class WorkerCoder implements Coder {
  /** Which kernel runs the jobs, and where; resolves once the endpoint is up. */
  readonly ready: Promise<CoderInfo>;
  private endpoint: Endpoint;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private announce: (info: CoderInfo) => void = () => {};
  private readonly staging = new StagingPool();
  /** Hash requests waiting to go out together, by algorithm (see hash()). */
  private readonly hashBatches = new Map<HashAlgorithm, HashBatch>();

  /** `spawn` returns an endpoint (a worker's, usually); null or a throw means run inline. */
  constructor(spawn: () => Endpoint | null) {
    this.ready = new Promise((resolve) => {
      this.announce = resolve;
    });
    let endpoint: Endpoint | null = null;
    try {
      endpoint = spawn();
    } catch {
      endpoint = null;
    }
    this.endpoint = endpoint ?? inlineEndpoint();
    this.attach(this.endpoint);
  }

  /** The m parity shards: views of one buffer. */
  encode(segment: Uint8Array, params: CodingParams, cancel?: CancelToken | null): Promise<Uint8Array[]> {
    return this.request(() => ({ cmd: 'encode', segment: this.own([segment])[0]!, params }), cancel);
  }

  async decode(
    shards: readonly ShardData[],
    params: CodingParams,
    length: number,
    cancel?: CancelToken | null,
  ): Promise<Uint8Array> {
    const body = (): JobBody => {
      const copies = this.own(shards.map((s) => s.data));
      return {
        cmd: 'decode',
        shards: shards.map((s, i) => ({ index: s.index, data: copies[i]! })),
        params,
        length,
      };
    };
    const [segment] = await this.request(body, cancel);
    return segment!;
  }

  /**
   * Hashes asked for within a moment of each other (a burst of peer shards, each checked as it
   * arrives, in the same task or the next) go to the worker as one job: on a loaded page every
   * job waits its turn on both threads, so twelve jobs of one shard took far longer than one of
   * twelve.
   */
  hash(algorithm: HashAlgorithm, buffers: readonly Uint8Array[]): Promise<Uint8Array[]> {
    if (this.closed) return Promise.reject(new CodingWorkerError('closed', 'coder closed'));
    if (buffers.length === 0) return Promise.resolve([]);
    // Native SHA-256 already hashes on a thread of its own: the trip to our worker and back
    // (a posted copy, a message each way) cost the page's main thread more than the hash did
    // (bench:swarm, live x4, CPU profiles of the pages at steady playback).
    if (algorithm === 'sha256' && nativeSubtle()) return hashBuffers(algorithm, buffers);
    return new Promise((resolve, reject) => {
      let batch = this.hashBatches.get(algorithm);
      if (!batch) {
        batch = { buffers: [], parts: [] };
        this.hashBatches.set(algorithm, batch);
        // A message task, not a timer: timers of a hidden tab wait up to a second.
        void nextTask().then(() => this.flushHashes(algorithm));
      }
      batch.parts.push({ count: buffers.length, resolve, reject });
      batch.buffers.push(...buffers);
    });
  }

  private flushHashes(algorithm: HashAlgorithm): void {
    const batch = this.hashBatches.get(algorithm);
    if (!batch) return;
    this.hashBatches.delete(algorithm);
    this.request(() => ({ cmd: 'hash', algorithm, buffers: this.own(batch.buffers) }), null).then(
      (digests) => {
        let at = 0;
        for (const part of batch.parts) {
          part.resolve(digests.slice(at, at + part.count));
          at += part.count;
        }
      },
      (error: Error) => {
        for (const part of batch.parts) part.reject(error);
      },
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.endpoint.terminate();
    for (const job of this.pending.values()) job.reject(new CodingWorkerError('closed', 'coder closed'));
    this.pending.clear();
  }

  private request(body: () => JobBody, cancel: CancelToken | null | undefined): Promise<Uint8Array[]> {
    if (this.closed) return Promise.reject(new CodingWorkerError('closed', 'coder closed'));
    if (cancel?.cancelled)
      return Promise.reject(new CodingWorkerError('cancelled', 'cancelled before start'));
    const id = this.nextId++;
    return new Promise<Uint8Array[]>((resolve, reject) => {
      this.pending.set(id, { body, resolve, reject });
      this.send(id, body());
      cancel?.onCancel(() => {
        if (!this.pending.delete(id)) return;
        this.endpoint.post({ id, cmd: 'cancel' }, []);
        reject(new CodingWorkerError('cancelled', `job ${id} cancelled`));
      });
    });
  }

  private send(id: number, body: JobBody): void {
    const request = { ...body, id } as CodingRequest;
    this.endpoint.post(request, this.endpoint.transfers ? transferList(inputsOf(request)) : []);
  }

  /** Private copies, in one staging buffer, when the endpoint transfers (detaches) buffers: callers keep theirs. */
  private own(views: readonly Uint8Array[]): Uint8Array[] {
    return this.endpoint.transfers ? this.staging.stage(views) : [...views];
  }

  private attach(endpoint: Endpoint): void {
    endpoint.onResponse = (response) => {
      if (response.type === 'ready') {
        this.announce({ kernel: response.kernel, where: endpoint.where });
        return;
      }
      // Only a transferring endpoint's staging buffers are ours: inline ones are the caller's.
      if (endpoint.transfers) for (const buffer of response.staging ?? []) this.staging.recycle(buffer);
      const job = this.pending.get(response.id);
      if (!job) return; // cancelled meanwhile
      this.pending.delete(response.id);
      if (response.type === 'result') job.resolve(response.buffers);
      else job.reject(deserializeError(response.error));
    };
    endpoint.onFailure = (reason) => this.failOver(endpoint, reason);
  }

  /** The worker died: run everything still pending, and all later jobs, inline. */
  private failOver(failed: Endpoint, reason: string): void {
    if (this.closed || failed !== this.endpoint) return;
    console.warn(`Shoal coding worker failed (${reason}); coding on the main thread instead`);
    failed.terminate();
    this.endpoint = inlineEndpoint();
    this.attach(this.endpoint);
    for (const [id, job] of this.pending) this.send(id, job.body());
  }
}
