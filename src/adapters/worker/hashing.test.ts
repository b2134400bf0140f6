import { blake3 } from '@noble/hashes/blake3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  digestInput,
  hashBuffers,
  nativeSubtle,
  nobleDigest,
  SUBTLE_MIN_BYTES,
  subtleSha256,
} from './hashing.ts';

/** Random bytes, sometimes as a view in the middle of a larger buffer. */
const bytes = fc
  .tuple(
    fc.uint8Array({ minLength: 0, maxLength: 3 * SUBTLE_MIN_BYTES }),
    fc.nat({ max: 64 }),
    fc.nat({ max: 64 }),
  )
  .map(([data, before, after]) => {
    const buffer = new Uint8Array(before + data.length + after).fill(0xa5);
    buffer.set(data, before);
    return buffer.subarray(before, before + data.length);
  });

const hex = (d: Uint8Array) => Buffer.from(d).toString('hex');

describe('worker hashing', () => {
  it.skipIf(nativeSubtle() === null)('crypto.subtle SHA-256 equals noble on random inputs', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, async (data) => {
        expect(hex(await subtleSha256(data))).toBe(hex(sha256(data)));
      }),
      { numRuns: 200 },
    );
  });

  it('the hash job gives noble’s digests, either side of the subtle threshold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(bytes, { maxLength: 4 }), async (buffers) => {
        const job = await hashBuffers('sha256', buffers);
        expect(job.map(hex)).toEqual(buffers.map((b) => hex(sha256(b))));
        const b3 = await hashBuffers('blake3', buffers);
        expect(b3.map(hex)).toEqual(buffers.map((b) => hex(blake3(b))));
      }),
      { numRuns: 100 },
    );
  });

  it('known vectors, and unknown algorithms are refused', async () => {
    const abc = new TextEncoder().encode('abc');
    const big = new Uint8Array(SUBTLE_MIN_BYTES * 2).fill(0x61);
    const [small, large] = await hashBuffers('sha256', [abc, big]);
    expect(hex(small!)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(large!)).toBe(hex(sha256(big)));
    expect(() => nobleDigest('md5' as never, abc)).toThrow(/unknown hash algorithm/);
  });

  it("hands crypto.subtle a plain copy of a view of a resizable buffer (the worker's results), other views as they are", async () => {
    type Resizable = new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer;
    const buffer = new (ArrayBuffer as unknown as Resizable)(4096, { maxByteLength: 4096 });
    const view = new Uint8Array(buffer, 1000, 2000).fill(7);
    const input = digestInput(view);
    expect((input.buffer as { resizable?: boolean }).resizable).toBe(false);
    expect(input).toEqual(view);
    const plain = new Uint8Array(4096).subarray(10, 20);
    expect(digestInput(plain)).toBe(plain);
    const [digest] = await hashBuffers('sha256', [view]);
    expect(hex(digest!)).toBe(hex(sha256(view)));
  });
});
