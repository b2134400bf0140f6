// Bounded byte reader and growable writer for the codec. The reader checks every read against
// the bytes left, so a claimed length can never make it read (or allocate) past the frame.
// Varints are unsigned LEB128, at most 5 bytes, and canonical (no redundant high zero groups),
// so each value has exactly one encoding and decode(encode(x)) is byte-identical.

import { ProtocolError } from './errors.ts';
import type { FieldName } from './field-path.ts';

const MAX_VARINT_BYTES = 5;

export class Reader {
  private pos = 0;

  constructor(private readonly frame: Uint8Array) {}

  get remaining(): number {
    return this.frame.length - this.pos;
  }

  /** Throws 'truncated' unless `n` more bytes exist. */
  need(n: number, field: FieldName): void {
    if (n > this.remaining) {
      throw new ProtocolError('truncated', `${field}: needs ${n} bytes, ${this.remaining} left`);
    }
  }

  u8(field: FieldName): number {
    this.need(1, field);
    return this.frame[this.pos++]!;
  }

  u32(field: FieldName): number {
    this.need(4, field);
    const f = this.frame;
    const p = this.pos;
    this.pos += 4;
    return (f[p]! | (f[p + 1]! << 8) | (f[p + 2]! << 16) | (f[p + 3]! << 24)) >>> 0;
  }

  /** An unsigned LEB128 varint of at most `max` (<= 2^32 - 1). */
  varUint(field: FieldName, max: number): number {
    let value = 0;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const byte = this.u8(field);
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) {
        if (byte === 0 && i > 0) throw new ProtocolError('bad-field', `${field}: overlong varint`);
        if (value > max) throw new ProtocolError('out-of-range', `${field}: ${value} exceeds ${max}`);
        return value;
      }
    }
    throw new ProtocolError('bad-field', `${field}: varint longer than ${MAX_VARINT_BYTES} bytes`);
  }

  /** The next `n` bytes as a view into the frame (no copy). */
  view(n: number, field: FieldName): Uint8Array {
    this.need(n, field);
    const out = this.frame.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The next `n` bytes as numbers (a short list of small values, such as shard indices). */
  u8s(n: number, field: FieldName): number[] {
    this.need(n, field);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.frame[this.pos + i]!);
    this.pos += n;
    return out;
  }

  /** Throws 'trailing-bytes' unless the whole frame was read. */
  end(what: string): void {
    if (this.remaining !== 0) {
      throw new ProtocolError('trailing-bytes', `${what}: ${this.remaining} bytes after the message`);
    }
  }
}

/** Bytes a value takes as a varint. */
export function varUintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

export class Writer {
  private buf: Uint8Array;
  private pos = 0;

  /** `capacity` is a hint; an exact one avoids any copy in `finish`. */
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(capacity, 16));
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(value: number): void {
    this.reserve(1);
    this.buf[this.pos++] = value;
  }

  u32(value: number): void {
    this.reserve(4);
    const b = this.buf;
    b[this.pos++] = value & 0xff;
    b[this.pos++] = (value >>> 8) & 0xff;
    b[this.pos++] = (value >>> 16) & 0xff;
    b[this.pos++] = (value >>> 24) & 0xff;
  }

  varUint(value: number): void {
    this.reserve(MAX_VARINT_BYTES);
    while (value >= 0x80) {
      this.buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[this.pos++] = value;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  get length(): number {
    return this.pos;
  }

  /** The written bytes, in an exactly-sized array (the writer's own buffer when it fits exactly). */
  finish(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }

  /** A copy of the written bytes, for a writer that is reused. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Empties the writer for the next frame, keeping its buffer. */
  reset(): this {
    this.pos = 0;
    return this;
  }
}
