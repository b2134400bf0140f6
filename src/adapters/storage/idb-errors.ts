// Turns whatever IndexedDB throws (DOMExceptions, a missing global, a hung request) into a
// typed StorageError, so the stores can decide between "degrade" and "carry on".

import { StorageError } from '../../core/storage/errors.ts';

/** DOMException names after which IndexedDB is not usable at all in this page. */
const UNAVAILABLE_NAMES = new Set(['InvalidStateError', 'SecurityError', 'NotFoundError', 'VersionError']);

export function toStorageError(error: unknown, during: string): StorageError {
  if (error instanceof StorageError) return error;
  const name = errorName(error);
  const detail = `${during} failed: ${name}${errorMessage(error)}`;
  if (name === 'QuotaExceededError') return new StorageError('quota', detail, { cause: error });
  // `indexedDB` missing (old private modes, sandboxed frames) surfaces as a ReferenceError.
  if (name === 'ReferenceError' || UNAVAILABLE_NAMES.has(name)) {
    return new StorageError('unavailable', detail, { cause: error });
  }
  return new StorageError('io', detail, { cause: error });
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string')
    return error.name;
  return 'Error';
}

function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message ? ` (${error.message})` : '';
  }
  return '';
}

/**
 * Runs `op`, turning a synchronous throw into a rejection and giving up after `ms`:
 * an IndexedDB open can stay blocked forever (another tab mid-upgrade), and we would
 * rather degrade than hang the player.
 */
export function withTimeout<T>(op: () => Promise<T>, ms: number, during: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StorageError('io', `${during} timed out after ${ms} ms`)), ms);
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    let pending: Promise<T>;
    try {
      pending = op();
    } catch (error) {
      settle(() => reject(error));
      return;
    }
    pending.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
