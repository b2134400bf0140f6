// Typed errors of the WebRTC adapter: callers switch on `kind`, people read `message`.

export type FramingErrorKind =
  | 'empty-message'
  | 'unknown-type'
  | 'truncated-header'
  | 'oversize'
  | 'unexpected-start'
  | 'unexpected-continuation'
  | 'overflow';

/** A data-channel message that breaks the chunk framing: the sender is faulty or hostile. */
export class FramingError extends Error {
  override readonly name = 'FramingError';
  constructor(
    readonly kind: FramingErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** A frame this side refuses to send (bigger than the agreed maximum). */
export class FrameTooLargeError extends Error {
  override readonly name = 'FrameTooLargeError';
  readonly kind = 'frame-too-large' as const;
  constructor(
    readonly size: number,
    readonly max: number,
  ) {
    super(`frame of ${size} bytes exceeds the maximum of ${max} bytes`);
  }
}
