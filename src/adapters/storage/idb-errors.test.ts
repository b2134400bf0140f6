import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../core/storage/errors.ts';
import { toStorageError, withTimeout } from './idb-errors.ts';

function domError(name: string): Error {
  const error = new Error('boom');
  error.name = name;
  return error;
}

describe('toStorageError', () => {
  it('classifies browser failures by name', () => {
    expect(toStorageError(domError('QuotaExceededError'), 'write').kind).toBe('quota');
    expect(toStorageError(domError('InvalidStateError'), 'open').kind).toBe('unavailable');
    expect(toStorageError(new ReferenceError('indexedDB is not defined'), 'open').kind).toBe('unavailable');
    expect(toStorageError(domError('UnknownError'), 'read').kind).toBe('io');
    expect(toStorageError('a string', 'read').kind).toBe('io');
  });

  it('keeps a StorageError as it is', () => {
    const error = new StorageError('corrupt', 'x');
    expect(toStorageError(error, 'read')).toBe(error);
  });
});

describe('withTimeout', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a synchronous throw into a rejection', async () => {
    const result = withTimeout(
      () => {
        throw domError('InvalidStateError');
      },
      1000,
      'open',
    );
    await expect(result).rejects.toThrow('boom');
  });

  it('gives up on an operation that never settles', async () => {
    vi.useFakeTimers();
    const result = withTimeout(() => new Promise<never>(() => {}), 5000, 'open');
    const caught = result.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    const error = await caught;
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/open timed out/);
  });

  it('passes a result through', async () => {
    await expect(withTimeout(async () => 7, 1000, 'read')).resolves.toBe(7);
  });
});
