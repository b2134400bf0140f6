import { blake3 } from '@noble/hashes/blake3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { CodingError, createErasureCoder } from '../../core/coding/index.ts';
import type { CancelToken } from '../../core/ports.ts';
import { type Endpoint, inlineEndpoint } from './endpoints.ts';
import { CodingWorkerError, createInlineCoder, WorkerCoder } from './index.ts';
import { nextTask } from './job-queue.ts';
import type { CodingResponse } from './protocol.ts';
import { type Post, workerLoop } from './worker-loop.ts';

function token(): CancelToken & { cancel(): void } {
  const listeners: (() => void)[] = [];
  const t = {
    cancelled: false,
    onCancel: (fn: () => void) => listeners.push(fn),
    cancel() {
      t.cancelled = true;
      for (const fn of listeners) fn();
    },
  };
  return t;
}

/** Like a worker: requests are structured-cloned with their transfer list (detaching buffers). */
function transferringEndpoint(failAfterPost = false): Endpoint {
  const inner = inlineEndpoint();
  const endpoint: Endpoint = {
    where: 'worker',
    transfers: true,
    post: (request, transfer) => {
      inner.post(structuredClone(request, { transfer }), []);
      if (failAfterPost) queueMicrotask(() => endpoint.onFailure?.('simulated crash'));
    },
    onResponse: null,
    onFailure: null,
    terminate: () => inner.terminate(),
  };
  inner.onResponse = (response) => endpoint.onResponse?.(response);
  return endpoint;
}

/**
 * The real worker's loop (workerLoop) behind structured clones both ways, as postMessage does:
 * inputs and results are transferred; `log` records each transfer list and each answer. Idle work
 * (touching spare result buffers) starts as soon as the queue is dry.
 */
interface Log {
  posted: ArrayBuffer[][];
  answered: CodingResponse[];
  /** The worker's latest idle work (touching spare result buffers), started when its queue ran dry. */
  idle: Promise<void>;
}

function newLog(): Log {
  return { posted: [], answered: [], idle: Promise.resolve() };
}

function workerLikeEndpoint(log: Log): Endpoint {
  const handler = createErasureCoder().then((coder) => {
    endpoint.onResponse?.({ type: 'ready', kernel: coder.kind });
    const post: Post = (response, transfer) => {
      const delivered = structuredClone(response, { transfer });
      log.answered.push(delivered);
      // As postMessage: the answer arrives in a later task.
      void nextTask().then(() => endpoint.onResponse?.(delivered));
    };
    // Idle work at once, not after a timer: the test needs no clock.
    return workerLoop(coder, post, (idleWork) => {
      log.idle = idleWork();
    });
  });
  const endpoint: Endpoint = {
    where: 'worker',
    transfers: true,
    post: (request, transfer) => {
      log.posted.push(transfer);
      const copy = structuredClone(request, { transfer });
      void handler.then((handle) => handle(copy));
    },
    onResponse: null,
    onFailure: null,
    terminate: () => {},
  };
  return endpoint;
}

const segment = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff);
const params = { k: 4, m: 2, shardSize: 1250 };

describe('WorkerCoder', () => {
  it('encodes, decodes and hashes inline', async () => {
    const coder = createInlineCoder();
    expect(await coder.ready).toEqual({ kernel: 'wasm-simd', where: 'inline' });
    const parity = await coder.encode(segment, params);
    expect(parity).toHaveLength(2);
    const shards = [
      { index: 1, data: segment.slice(1250, 2500) },
      { index: 3, data: segment.slice(3750) },
      { index: 4, data: parity[0]! },
      { index: 5, data: parity[1]! },
    ];
    expect(await coder.decode(shards, params, 5000)).toEqual(segment);
    const [digest] = await coder.hash('sha256', [segment]);
    expect(digest).toEqual(sha256(segment));
    const [b3] = await coder.hash('blake3', [new Uint8Array(0)]);
    expect(Buffer.from(b3!).toString('hex')).toBe(
      'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
    );
    coder.close();
  });

  it('keeps the caller’s buffers intact when the endpoint transfers them', async () => {
    const coder = new WorkerCoder(() => transferringEndpoint());
    const parity = await coder.encode(segment, params);
    expect(segment.length).toBe(5000);
    const shards: { index: number; data: Uint8Array }[] = [0, 1, 2].map((i) => ({
      index: i,
      data: segment.slice(i * 1250, (i + 1) * 1250),
    }));
    shards.push({ index: 4, data: parity[0]! });
    expect(await coder.decode(shards, params, 5000)).toEqual(segment);
    expect(shards.every((s) => s.data.length === 1250)).toBe(true);
    coder.close();
  });

  it('stages inputs in one buffer that the worker hands back for the next job', async () => {
    const log = newLog();
    const coder = new WorkerCoder(() => workerLikeEndpoint(log));
    const original = segment.slice();
    const parity = await coder.encode(segment, params);
    expect(segment).toEqual(original);
    // One transfer each way for the inputs; the parity shards are views of one fresh buffer.
    expect(log.posted[0]).toHaveLength(1);
    expect(new Set(parity.map((p) => p.buffer)).size).toBe(1);
    const returned = log.answered[0]!.type === 'result' ? log.answered[0]!.staging : undefined;
    expect(returned).toHaveLength(1);
    expect(parity.every((p) => p.buffer !== returned![0])).toBe(true);

    const shards = [
      { index: 0, data: segment.slice(0, 1250) },
      { index: 2, data: segment.slice(2500, 3750) },
      { index: 4, data: parity[0]! },
      { index: 5, data: parity[1]! },
    ];
    expect(await coder.decode(shards, params, 5000)).toEqual(segment);
    // The decode's four shards went in the buffer the encode handed back.
    expect(log.posted[1]).toHaveLength(1);
    expect(log.posted[1]![0]).toBe(returned![0]);
    expect(shards[2]!.data).toBe(parity[0]);
    expect(parity[0]!.length).toBe(1250);

    const [digest] = await coder.hash('sha256', [segment]);
    expect(digest).toEqual(sha256(segment));
    // A bad job hands its staging back too.
    await expect(coder.decode(shards.slice(0, 2), params, 5000)).rejects.toBeInstanceOf(CodingError);
    const last = log.answered[log.answered.length - 1]!;
    expect(last.type === 'error' && last.staging?.length).toBe(1);
    coder.close();
  });

  it('writes results into buffers the worker warmed while idle, of exact length', async () => {
    const log = newLog();
    const coder = new WorkerCoder(() => workerLikeEndpoint(log));
    const big = Uint8Array.from({ length: 512 * 1024 }, (_, i) => (i * 7) & 0xff);
    const p = { k: 4, m: 2, shardSize: 128 * 1024 };
    const resizable = (view: Uint8Array) => (view.buffer as { resizable?: boolean }).resizable === true;
    const cold = await coder.encode(big, p);
    await log.idle;
    const warm = await coder.encode(big, p);
    expect(resizable(cold[0]!)).toBe(false);
    expect(resizable(warm[0]!)).toBe(true);
    expect(warm[0]!.buffer.byteLength).toBe(2 * p.shardSize);
    expect(warm).toEqual(cold);
    const shards: { index: number; data: Uint8Array }[] = [1, 3].map((i) => ({
      index: i,
      data: big.slice(i * p.shardSize, (i + 1) * p.shardSize),
    }));
    shards.push({ index: 4, data: warm[0]! }, { index: 5, data: warm[1]! });
    const first = await coder.decode(shards, p, big.length);
    await log.idle;
    const second = await coder.decode(shards, p, big.length - 1000);
    expect(first).toEqual(big);
    expect(second).toEqual(big.subarray(0, big.length - 1000));
    expect(resizable(second)).toBe(true);
    expect(second.buffer.byteLength).toBe(big.length - 1000);
    coder.close();
  });

  it('rejects bad input with a CodingError of the same kind', async () => {
    const coder = createInlineCoder();
    await expect(coder.decode([{ index: 0, data: new Uint8Array(1250) }], params, 5000)).rejects.toSatisfy(
      (e) => e instanceof CodingError && e.kind === 'too-few-shards',
    );
    coder.close();
  });

  it('cancels queued and pre-cancelled jobs with a typed error', async () => {
    const coder = createInlineCoder();
    const pre = token();
    pre.cancel();
    await expect(coder.encode(segment, params, pre)).rejects.toSatisfy(
      (e) => e instanceof CodingWorkerError && e.kind === 'cancelled',
    );
    const t = token();
    const job = coder.encode(segment, params, t);
    const other = coder.encode(segment, params);
    t.cancel();
    await expect(job).rejects.toSatisfy((e) => e instanceof CodingWorkerError && e.kind === 'cancelled');
    expect(await other).toHaveLength(2);
    coder.close();
  });

  /** An inline endpoint that counts the hash jobs posted to it. */
  function countingCoder() {
    const inner = inlineEndpoint();
    const counter = { posts: 0 };
    const counting: Endpoint = {
      ...inner,
      post: (request, transfer) => {
        if (request.cmd === 'hash') counter.posts += 1;
        inner.post(request, transfer);
      },
    };
    inner.onResponse = (response) => counting.onResponse?.(response);
    return { coder: new WorkerCoder(() => counting), counter };
  }

  it('sends hashes asked for together to the worker as one job, each caller getting its own digests', async () => {
    const { coder, counter } = countingCoder();
    const a = Uint8Array.of(1, 2, 3);
    const b = Uint8Array.of(4);
    const c = new Uint8Array(0);
    const [one, two] = await Promise.all([coder.hash('blake3', [a]), coder.hash('blake3', [b, c])]);
    expect(counter.posts).toBe(1);
    expect(one).toEqual([blake3(a)]);
    expect(two).toEqual([blake3(b), blake3(c)]);
    expect(await coder.hash('blake3', [])).toEqual([]);
    coder.close();
  });

  it('hashes SHA-256 natively without a trip to the worker where crypto.subtle exists', async () => {
    const { coder, counter } = countingCoder();
    const big = new Uint8Array(20_000).map((_, i) => i * 7);
    const small = Uint8Array.of(9, 9);
    // A view hashes only its own bytes.
    const view = big.subarray(1000, 5000);
    expect(await coder.hash('sha256', [big, small, view])).toEqual([
      sha256(big),
      sha256(small),
      sha256(view),
    ]);
    expect(counter.posts).toBe(0);
    coder.close();
  });

  it('rejects pending and later jobs once closed', async () => {
    const coder = createInlineCoder();
    const job = coder.encode(segment, params);
    coder.close();
    await expect(job).rejects.toSatisfy((e) => e instanceof CodingWorkerError && e.kind === 'closed');
    await expect(coder.hash('sha256', [segment])).rejects.toBeInstanceOf(CodingWorkerError);
  });

  it('runs inline when the worker fails, finishing pending jobs', async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      const coder = new WorkerCoder(() => transferringEndpoint(true));
      const parity = await coder.encode(segment, params);
      expect(parity).toHaveLength(2);
      expect((await coder.ready).where).toBeDefined();
      coder.close();
    } finally {
      console.warn = warn;
    }
  });

  it('runs inline when no worker can be spawned', async () => {
    const coder = new WorkerCoder(() => {
      throw new Error('no Worker here');
    });
    expect((await coder.ready).where).toBe('inline');
    coder.close();
  });
});
