// Typed failures of the packager and verifier (Node side).

export type PackErrorKind =
  | 'not-found'
  | 'no-playlist'
  | 'unsupported-uri'
  | 'bad-playlist'
  | 'bad-manifest'
  | 'read';

export class PackError extends Error {
  readonly kind: PackErrorKind;
  /** The file the failure is about. */
  readonly file: string;

  constructor(kind: PackErrorKind, file: string, message: string) {
    super(`${kind}: ${file}: ${message}`);
    this.name = 'PackError';
    this.kind = kind;
    this.file = file;
  }
}
