// Failures of the coding worker client itself; coding failures stay CodingErrors.

import { CodingError } from '../../core/coding/index.ts';
import type { SerializedError } from './protocol.ts';

export type CodingWorkerErrorKind = 'cancelled' | 'closed';

export class CodingWorkerError extends Error {
  readonly kind: CodingWorkerErrorKind;

  constructor(kind: CodingWorkerErrorKind, message: string) {
    super(`${kind}: ${message}`);
    this.name = 'CodingWorkerError';
    this.kind = kind;
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof CodingError) {
    return { name: error.name, kind: error.kind, message: error.message.replace(`${error.kind}: `, '') };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the error on the client so `instanceof CodingError` and `kind` still work. */
export function deserializeError(error: SerializedError): Error {
  if (error.kind !== undefined) return new CodingError(error.kind, error.message);
  const out = new Error(error.message);
  out.name = error.name;
  return out;
}
