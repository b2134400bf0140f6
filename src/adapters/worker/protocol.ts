// Messages between the coding worker and its main-thread client. Every request carries an id;
// the worker answers each id once (result or error) unless it was cancelled first.

import type { CodingErrorKind, CodingParams, KernelKind } from '../../core/coding/index.ts';
import type { HashAlgorithm, ShardData } from '../../core/ports.ts';

export type CodingRequest =
  | { id: number; cmd: 'encode'; segment: Uint8Array; params: CodingParams }
  | { id: number; cmd: 'decode'; shards: ShardData[]; params: CodingParams; length: number }
  | { id: number; cmd: 'hash'; algorithm: HashAlgorithm; buffers: Uint8Array[] }
  /** Drops request `id` if it has not started; a running job finishes and its answer is ignored. */
  | { id: number; cmd: 'cancel' };

export type JobRequest = Exclude<CodingRequest, { cmd: 'cancel' }>;

export interface SerializedError {
  name: string;
  message: string;
  /** Present for a CodingError. */
  kind?: CodingErrorKind;
}

/**
 * `staging`: the request's input buffers, handed back (transferred) once the job is done so the
 * client can reuse them (staging.ts). Results never share a buffer with them.
 */
export type CodingResponse =
  | { type: 'ready'; kernel: KernelKind }
  | { type: 'result'; id: number; buffers: Uint8Array[]; staging?: ArrayBuffer[] }
  | { type: 'error'; id: number; error: SerializedError; staging?: ArrayBuffer[] };

/** The ArrayBuffers behind `views`, once each, for a postMessage transfer list. */
export function transferList(views: readonly Uint8Array[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const view of views) {
    if (view.buffer instanceof ArrayBuffer) seen.add(view.buffer);
  }
  return [...seen];
}

/** The byte arrays a request carries to the worker. */
export function inputsOf(request: CodingRequest): Uint8Array[] {
  switch (request.cmd) {
    case 'encode':
      return [request.segment];
    case 'decode':
      return request.shards.map((s) => s.data);
    case 'hash':
      return request.buffers;
    case 'cancel':
      return [];
  }
}
