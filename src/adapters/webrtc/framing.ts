// Whole frames over a data channel whose messages must stay small (64 KiB: RFC 8841's default
// max-message-size, what a peer accepts when its SDP names no other). Each message starts with
// a one-byte type:
//   START    [0x01][total length: u32 big-endian][first bytes of the frame]
//   CONTINUE [0x02][next bytes of the frame]
//   PING     [0x03]   keeps an idle link alive; carries nothing
// The channel is reliable and ordered, so no sequence numbers are needed: a frame is complete
// once `total` bytes have arrived after its START.

import { FramingError } from './errors.ts';

export const MESSAGE_START = 0x01;
export const MESSAGE_CONTINUE = 0x02;
export const MESSAGE_PING = 0x03;
export const START_HEADER_BYTES = 5;
export const CONTINUE_HEADER_BYTES = 1;
/**
 * The largest data-channel message we send, header included. Each send() costs the page's main
 * thread a hop to the WebRTC thread: with 16 KiB messages it was Shoal's largest main-thread cost
 * at steady playback (CPU profiles, bench:swarm live x4), and 64 KiB sends a shard in one.
 */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
/** Shards and small segments fit with room to spare. */
export const DEFAULT_MAX_FRAME_BYTES = 384 * 1024;

export const PING_MESSAGE: Uint8Array<ArrayBuffer> = Uint8Array.of(MESSAGE_PING);

/** Cuts one frame into data-channel messages of at most `chunkBytes` bytes each. */
export function splitFrame(
  frame: Uint8Array,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
): Uint8Array<ArrayBuffer>[] {
  if (!Number.isInteger(chunkBytes) || chunkBytes < START_HEADER_BYTES + 1) {
    throw new RangeError(`chunkBytes must be an integer >= ${START_HEADER_BYTES + 1}, got ${chunkBytes}`);
  }
  if (frame.length > 0xffffffff) throw new RangeError('frame longer than 2^32-1 bytes');
  const firstPayload = Math.min(frame.length, chunkBytes - START_HEADER_BYTES);
  const first = new Uint8Array(START_HEADER_BYTES + firstPayload);
  first[0] = MESSAGE_START;
  new DataView(first.buffer).setUint32(1, frame.length, false);
  first.set(frame.subarray(0, firstPayload), START_HEADER_BYTES);
  const messages = [first];
  const step = chunkBytes - CONTINUE_HEADER_BYTES;
  for (let offset = firstPayload; offset < frame.length; offset += step) {
    const part = frame.subarray(offset, Math.min(frame.length, offset + step));
    const message = new Uint8Array(CONTINUE_HEADER_BYTES + part.length);
    message[0] = MESSAGE_CONTINUE;
    message.set(part, CONTINUE_HEADER_BYTES);
    messages.push(message);
  }
  return messages;
}

/** Rebuilds frames from messages in order; throws FramingError on anything malformed. */
export class FrameReassembler {
  private buffer: Uint8Array | null = null;
  private filled = 0;

  constructor(private readonly maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {}

  /** Bytes held for the frame in progress (for memory accounting). */
  get pendingBytes(): number {
    return this.buffer ? this.buffer.length : 0;
  }

  /** Feeds one message; returns the frame it completes, or null. */
  push(message: Uint8Array): Uint8Array | null {
    if (message.length === 0) throw new FramingError('empty-message', 'empty data-channel message');
    const type = message[0];
    if (type === MESSAGE_PING) return null;
    if (type === MESSAGE_START) return this.start(message);
    if (type === MESSAGE_CONTINUE) return this.continue(message);
    throw new FramingError('unknown-type', `unknown message type 0x${(type ?? 0).toString(16)}`);
  }

  private start(message: Uint8Array): Uint8Array | null {
    if (this.buffer)
      throw new FramingError('unexpected-start', 'a new frame started before the last one ended');
    if (message.length < START_HEADER_BYTES) {
      throw new FramingError('truncated-header', 'START message shorter than its header');
    }
    const total = new DataView(message.buffer, message.byteOffset, message.length).getUint32(1, false);
    if (total > this.maxFrameBytes) {
      throw new FramingError(
        'oversize',
        `frame of ${total} bytes exceeds the maximum of ${this.maxFrameBytes}`,
      );
    }
    this.buffer = new Uint8Array(total);
    this.filled = 0;
    return this.append(message.subarray(START_HEADER_BYTES));
  }

  private continue(message: Uint8Array): Uint8Array | null {
    if (!this.buffer)
      throw new FramingError('unexpected-continuation', 'CONTINUE without a frame in progress');
    return this.append(message.subarray(CONTINUE_HEADER_BYTES));
  }

  private append(bytes: Uint8Array): Uint8Array | null {
    const buffer = this.buffer!;
    if (this.filled + bytes.length > buffer.length) {
      throw new FramingError('overflow', `frame overflows its declared ${buffer.length} bytes`);
    }
    buffer.set(bytes, this.filled);
    this.filled += bytes.length;
    if (this.filled < buffer.length) return null;
    this.buffer = null;
    this.filled = 0;
    return buffer;
  }
}
