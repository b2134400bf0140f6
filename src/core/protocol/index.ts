// The wire protocol's public surface: messages, codec, limits, errors and bitmap helpers.

export * from './bitmap.ts';
export { decodeMessage, encodeMessage } from './codec.ts';
export { ProtocolError, type ProtocolErrorKind } from './errors.ts';
export * from './limits.ts';
export * from './messages.ts';
