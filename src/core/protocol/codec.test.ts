// Property tests: every message round-trips, and no frame, random or mutated, makes the
// decoder do anything but return a canonical message or throw ProtocolError.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitmapFromIndices } from './bitmap.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { ProtocolError } from './errors.ts';
import { MAX_REQUEST_WITHIN_MS, MAX_SHARD_BYTES } from './limits.ts';
import { ABSENT_REASONS, BYE_REASONS, type Message, type SegmentRef } from './messages.ts';

// Small lists keep 100k-run properties within a few seconds; the limits are tested in vectors.test.ts.
const LIST = 6;

const segmentRef: fc.Arbitrary<SegmentRef> = fc.record({
  rendition: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffff })),
  sequence: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff_ffff })),
});
const refKey = (ref: SegmentRef) => ref.rendition * 2 ** 32 + ref.sequence;
const distinctRefs = (min: number) =>
  fc.uniqueArray(segmentRef, { selector: refKey, minLength: min, maxLength: LIST });

const indices = fc
  .uniqueArray(fc.integer({ min: 0, max: 254 }), { minLength: 1, maxLength: 12 })
  .map((list) => list.sort((a, b) => a - b));
const shardLists = (min: number) =>
  distinctRefs(min).chain((refs) =>
    fc.tuple(...refs.map((segment) => indices.map((list) => ({ segment, indices: list })))),
  );

const id = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 64,
});
const requestId = fc.integer({ min: 0, max: 0xffff_ffff });

const holdings = (segment: SegmentRef) =>
  fc
    .integer({ min: 1, max: 255 })
    .chain((shardCount) =>
      fc
        .uniqueArray(fc.integer({ min: 0, max: shardCount - 1 }), { maxLength: shardCount })
        .map((held) => ({ segment, shardCount, bitmap: bitmapFromIndices(shardCount, held) })),
    );

const hello = fc.record(
  {
    type: fc.constant('hello' as const),
    maxVersion: fc.integer({ min: 1, max: 255 }),
    swarmId: id,
    peerId: id,
    capabilities: fc.integer({ min: 0, max: 0xffff }),
    maxShardSize: fc.integer({ min: 1, max: MAX_SHARD_BYTES }),
  },
  { requiredKeys: ['type', 'maxVersion', 'swarmId', 'peerId', 'capabilities'] },
);
const have = distinctRefs(0)
  .chain((refs) => fc.tuple(...refs.map(holdings)))
  .map((segments) => ({ type: 'have' as const, segments }));
// added and dropped name distinct segments: draw one distinct list and split it.
const haveDelta = distinctRefs(0).chain((refs) =>
  fc
    .integer({ min: 0, max: refs.length })
    .chain((cut) =>
      fc
        .tuple(...refs.slice(0, cut).map((segment) => indices.map((list) => ({ segment, indices: list }))))
        .map((added) => ({ type: 'have-delta' as const, added, dropped: refs.slice(cut) })),
    ),
);
const request = fc.record(
  {
    type: fc.constant('request' as const),
    requestId,
    items: shardLists(1),
    withinMs: fc.integer({ min: 1, max: MAX_REQUEST_WITHIN_MS }),
  },
  { requiredKeys: ['type', 'requestId', 'items'] },
);
const shard = fc.record({
  type: fc.constant('shard' as const),
  requestId,
  segment: segmentRef,
  index: fc.integer({ min: 0, max: 254 }),
  payload: fc.uint8Array({ minLength: 1, maxLength: 300 }),
});
const cancel = fc.record(
  { type: fc.constant('cancel' as const), requestId, items: shardLists(1) },
  { requiredKeys: ['type', 'requestId'] },
);
const absent = fc.record({
  type: fc.constant('absent' as const),
  requestId,
  segment: segmentRef,
  indices,
  reason: fc.constantFrom(...ABSENT_REASONS),
});
const bye = fc.record({ type: fc.constant('bye' as const), reason: fc.constantFrom(...BYE_REASONS) });
const kilobytes = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 0xffff_ffff }));
// fromPeersKB never exceeds deliveredKB: draw two and order them.
const totals = fc.tuple(kilobytes, kilobytes).map(([a, b]) => ({
  type: 'totals' as const,
  deliveredKB: Math.max(a, b),
  fromPeersKB: Math.min(a, b),
}));
const uplink = fc.record({
  type: fc.constant('uplink' as const),
  bytesPerSecond: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 0xffff_ffff })),
});

const message: fc.Arbitrary<Message> = fc.oneof(
  hello,
  have,
  haveDelta,
  request,
  shard,
  cancel,
  absent,
  bye,
  totals,
  uplink,
);

/** Decodes; returns the message or the ProtocolError, and rethrows anything else. */
function decodeOrError(frame: Uint8Array): Message | ProtocolError {
  try {
    return decodeMessage(frame);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw new Error(`decoder threw a non-ProtocolError on [${frame.join(',')}]: ${String(error)}`);
  }
}

/** The fuzz property: a frame either decodes to a message that re-encodes to the same bytes, or is rejected. */
function checkFrame(frame: Uint8Array): void {
  const result = decodeOrError(frame);
  if (result instanceof ProtocolError) return;
  expect(encodeMessage(result)).toEqual(frame);
}

describe('codec properties', () => {
  it('round-trips every message type (deep-equal and byte-identical)', () => {
    fc.assert(
      fc.property(message, (msg) => {
        const frame = encodeMessage(msg);
        const decoded = decodeMessage(frame);
        // toEqual, not toStrictEqual: fast-check records have a null prototype.
        expect(decoded).toEqual(msg);
        expect(encodeMessage(decoded)).toEqual(frame);
      }),
      { numRuns: 5_000 },
    );
  });

  it('fuzz: 100k random frames decode canonically or throw ProtocolError', () => {
    // Mostly a valid header with a known tag, so the fuzzing reaches the bodies.
    const frame = fc.oneof(
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.integer({ min: 0, max: 11 }), fc.uint8Array({ maxLength: 48 }))
          .map(([tag, body]) => Uint8Array.of(1, tag, ...body)),
      },
    );
    fc.assert(fc.property(frame, checkFrame), { numRuns: 100_000 });
  });

  it('fuzz: 100k mutated valid frames decode canonically or throw ProtocolError', () => {
    type Mutation =
      | { kind: 'flip'; at: number; bit: number }
      | { kind: 'truncate'; at: number }
      | { kind: 'extend'; bytes: Uint8Array }
      | { kind: 'splice'; at: number; remove: number; bytes: Uint8Array };
    const position = fc.nat({ max: 1 << 16 });
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: position }),
      fc.record({
        kind: fc.constant('extend' as const),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
      }),
      fc.record({
        kind: fc.constant('splice' as const),
        at: position,
        remove: fc.nat({ max: 4 }),
        bytes: fc.uint8Array({ maxLength: 6 }),
      }),
    );
    const apply = (frame: Uint8Array, m: Mutation): Uint8Array => {
      const at = frame.length === 0 ? 0 : m.kind === 'extend' ? 0 : (m as { at: number }).at % frame.length;
      switch (m.kind) {
        case 'flip': {
          const out = frame.slice();
          if (out.length > 0) out[at]! ^= 1 << m.bit;
          return out;
        }
        case 'truncate':
          return frame.slice(0, at);
        case 'extend':
          return Uint8Array.of(...frame, ...m.bytes);
        case 'splice':
          return Uint8Array.of(...frame.subarray(0, at), ...m.bytes, ...frame.subarray(at + m.remove));
      }
    };
    let rejected = 0;
    fc.assert(
      fc.property(message, fc.array(mutation, { minLength: 1, maxLength: 3 }), (msg, mutations) => {
        const frame = mutations.reduce(apply, encodeMessage(msg));
        checkFrame(frame);
        if (decodeOrError(frame) instanceof ProtocolError) rejected++;
      }),
      { numRuns: 100_000 },
    );
    // Sanity: the mutations really do break most frames (the property is not vacuous).
    expect(rejected).toBeGreaterThan(50_000);
  });
});
