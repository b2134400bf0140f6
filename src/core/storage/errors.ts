// Typed failures of shard storage. Persistent stores report most of these through an
// `onError` callback and degrade instead of throwing into the engine.

export type StorageErrorKind =
  /** The browser refused the write: origin quota or disk full. */
  | 'quota'
  /** Persistent storage cannot be used at all (no IndexedDB, private mode, blocked open). */
  | 'unavailable'
  /** An entry could not be decoded (wrong type, missing metadata); it is dropped. */
  | 'corrupt'
  /** Any other read/write failure or a timeout. */
  | 'io'
  /** One item is larger than the store's whole byte cap; it is refused. */
  | 'too-large'
  /** Invalid options given to a store. */
  | 'bad-config';

export class StorageError extends Error {
  readonly kind: StorageErrorKind;

  constructor(kind: StorageErrorKind, message: string, options?: { cause?: unknown }) {
    super(`${kind}: ${message}`, options);
    this.name = 'StorageError';
    this.kind = kind;
  }
}

/** Checks a byte cap option once, at the boundary. */
export function assertByteCap(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new StorageError('bad-config', `${name} must be a non-negative integer of bytes, got ${value}`);
  }
}
