// Typed failures of the erasure coder: bad input is reported, never turned into a wrong segment.

export type CodingErrorKind =
  | 'too-few-shards'
  | 'duplicate-index'
  | 'index-out-of-range'
  | 'bad-shard-size'
  | 'bad-params'
  | 'empty-segment'
  | 'segment-too-large';

export class CodingError extends Error {
  readonly kind: CodingErrorKind;

  constructor(kind: CodingErrorKind, message: string) {
    super(`${kind}: ${message}`);
    this.name = 'CodingError';
    this.kind = kind;
  }
}
