// Typed failures of the wire codec. A peer that sends a frame we reject gets a `ProtocolError`,
// never a half-decoded message: the swarm can log the kind and drop or ban the peer.

export type ProtocolErrorKind =
  /** The frame ends before a field (or a list a count promises) is complete. */
  | 'truncated'
  /** The type tag after the version byte names no known message. */
  | 'unknown-type'
  /** The version byte is not PROTOCOL_VERSION (or hello's maxVersion is below it). */
  | 'bad-version'
  /** The frame, a list, a string or a payload is larger than its limit. */
  | 'oversize'
  /** A length or count is below its minimum or disagrees with the data it describes. */
  | 'bad-length'
  /** A number is outside its domain (shard index > 254, rendition > u16, ...). */
  | 'out-of-range'
  /** A field is malformed or non-canonical (overlong varint, padding bits, duplicates, unknown code). */
  | 'bad-field'
  /** Bytes remain after the message ends. */
  | 'trailing-bytes';

export class ProtocolError extends Error {
  readonly kind: ProtocolErrorKind;

  constructor(kind: ProtocolErrorKind, message: string) {
    super(`${kind}: ${message}`);
    this.name = 'ProtocolError';
    this.kind = kind;
  }
}
