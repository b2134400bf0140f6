import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FramingError } from './errors.ts';
import { FrameReassembler, MESSAGE_CONTINUE, MESSAGE_START, PING_MESSAGE, splitFrame } from './framing.ts';

function reassembleAll(messages: Uint8Array[], max: number): Uint8Array[] {
  const reassembler = new FrameReassembler(max);
  const frames: Uint8Array[] = [];
  for (const message of messages) {
    const frame = reassembler.push(message);
    if (frame) frames.push(frame);
  }
  return frames;
}

describe('splitFrame / FrameReassembler', () => {
  it('round-trips random frames at random chunk sizes, pings interleaved', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 5000 }), { maxLength: 6 }),
        fc.integer({ min: 6, max: 2048 }),
        fc.boolean(),
        (frames, chunkBytes, withPings) => {
          const messages: Uint8Array[] = [];
          for (const frame of frames) {
            for (const message of splitFrame(frame, chunkBytes)) {
              expect(message.length).toBeLessThanOrEqual(chunkBytes);
              messages.push(message);
              if (withPings) messages.push(PING_MESSAGE);
            }
          }
          const out = reassembleAll(messages, 5000);
          expect(out).toEqual(frames);
        },
      ),
    );
  });

  it('uses the fewest messages a chunk size allows', () => {
    expect(splitFrame(new Uint8Array(16 * 1024 - 5), 16 * 1024)).toHaveLength(1);
    expect(splitFrame(new Uint8Array(16 * 1024 - 4), 16 * 1024)).toHaveLength(2);
    expect(splitFrame(new Uint8Array(300 * 1024), 16 * 1024)).toHaveLength(19);
    expect(splitFrame(new Uint8Array(0))).toHaveLength(1);
  });

  it('rejects a declared length above the maximum before buffering it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 1000 }), (max, extra) => {
        const [start] = splitFrame(new Uint8Array(max + extra), 64);
        const reassembler = new FrameReassembler(max);
        expect(() => reassembler.push(start!)).toThrow(FramingError);
        expect(reassembler.pendingBytes).toBe(0);
      }),
    );
  });

  it('rejects malformed sequences with typed errors', () => {
    const kindOf = (messages: Uint8Array[]): string => {
      try {
        reassembleAll(messages, 1000);
        return 'none';
      } catch (error) {
        return error instanceof FramingError ? error.kind : 'untyped';
      }
    };
    const start = (total: number, ...bytes: number[]) =>
      Uint8Array.of(MESSAGE_START, 0, 0, total >> 8, total & 0xff, ...bytes);
    expect(kindOf([new Uint8Array(0)])).toBe('empty-message');
    expect(kindOf([Uint8Array.of(9)])).toBe('unknown-type');
    expect(kindOf([Uint8Array.of(MESSAGE_START, 0, 0)])).toBe('truncated-header');
    expect(kindOf([Uint8Array.of(MESSAGE_CONTINUE, 1)])).toBe('unexpected-continuation');
    expect(kindOf([start(3, 1), start(1, 1)])).toBe('unexpected-start');
    expect(kindOf([start(2, 1), Uint8Array.of(MESSAGE_CONTINUE, 2, 3)])).toBe('overflow');
    expect(kindOf([start(2000)])).toBe('oversize');
  });

  it('never throws anything but FramingError on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (messages) => {
        const reassembler = new FrameReassembler(100);
        for (const message of messages) {
          try {
            reassembler.push(message);
          } catch (error) {
            expect(error).toBeInstanceOf(FramingError);
            return;
          }
        }
      }),
    );
  });
});
