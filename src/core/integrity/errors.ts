// Typed failures of the integrity layer: a bad manifest or playlist is named, field by field.

export type ManifestErrorKind =
  | 'too-large'
  | 'not-json'
  | 'wrong-type'
  | 'missing-field'
  | 'unknown-field'
  | 'unsupported-version'
  | 'out-of-range'
  | 'bad-hash'
  | 'inconsistent';

export class ManifestError extends Error {
  readonly kind: ManifestErrorKind;
  /** Where the bad value is, e.g. `segments[3].shards[2]` (empty for the whole document). */
  readonly path: string;

  constructor(kind: ManifestErrorKind, path: string, message: string) {
    super(`${kind} at ${path || '(root)'}: ${message}`);
    this.name = 'ManifestError';
    this.kind = kind;
    this.path = path;
  }
}

export type PlaylistErrorKind =
  | 'too-large'
  | 'not-m3u8'
  | 'bad-tag'
  | 'missing-uri'
  | 'unsupported'
  | 'too-many-segments';

export class PlaylistError extends Error {
  readonly kind: PlaylistErrorKind;
  /** 1-based line number of the offending line, or 0 for the whole playlist. */
  readonly line: number;

  constructor(kind: PlaylistErrorKind, line: number, message: string) {
    super(`${kind}${line > 0 ? ` (line ${line})` : ''}: ${message}`);
    this.name = 'PlaylistError';
    this.kind = kind;
    this.line = line;
  }
}
