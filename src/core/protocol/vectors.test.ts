// Known bytes, so the wire format cannot drift silently, and one frame per error kind.

import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './codec.ts';
import { ProtocolError, type ProtocolErrorKind } from './errors.ts';
import { MAX_FRAME_BYTES, MAX_SHARD_BYTES } from './limits.ts';
import type { Message } from './messages.ts';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const vectors: [string, Message, number[]][] = [
  ['bye', { type: 'bye', reason: 'leaving' }, [1, 8, 0]],
  [
    'hello',
    { type: 'hello', maxVersion: 1, swarmId: 'abc', peerId: 'p1', capabilities: 3, maxShardSize: 65536 },
    [1, 1, 1, 3, ...ascii('abc'), 2, ...ascii('p1'), 3, 0x80, 0x80, 0x04],
  ],
  [
    'hello without maxShardSize',
    { type: 'hello', maxVersion: 2, swarmId: 's', peerId: 'p', capabilities: 0 },
    [1, 1, 2, 1, ...ascii('s'), 1, ...ascii('p'), 0, 0],
  ],
  [
    'have',
    {
      type: 'have',
      segments: [
        { segment: { rendition: 2, sequence: 300 }, shardCount: 10, bitmap: Uint8Array.of(0b101, 0b10) },
      ],
    },
    [1, 2, 1, 2, 0xac, 0x02, 10, 0b101, 0b10],
  ],
  [
    'have-delta',
    {
      type: 'have-delta',
      added: [{ segment: { rendition: 0, sequence: 1 }, indices: [4] }],
      dropped: [{ rendition: 0, sequence: 0 }],
    },
    [1, 3, 1, 0, 1, 1, 4, 1, 0, 0],
  ],
  [
    'request',
    { type: 'request', requestId: 1, items: [{ segment: { rendition: 1, sequence: 2 }, indices: [0, 3] }] },
    [1, 4, 1, 0, 0, 0, 1, 1, 2, 2, 0, 3],
  ],
  [
    'request with a deadline (the frame above plus a varint)',
    {
      type: 'request',
      requestId: 1,
      items: [{ segment: { rendition: 1, sequence: 2 }, indices: [0, 3] }],
      withinMs: 1500,
    },
    [1, 4, 1, 0, 0, 0, 1, 1, 2, 2, 0, 3, 0xdc, 0x0b],
  ],
  [
    'shard',
    {
      type: 'shard',
      requestId: 0x01020304,
      segment: { rendition: 0, sequence: 5 },
      index: 7,
      payload: Uint8Array.of(9, 8, 7),
    },
    [1, 5, 4, 3, 2, 1, 0, 5, 7, 3, 9, 8, 7],
  ],
  ['cancel all', { type: 'cancel', requestId: 0xffffffff }, [1, 6, 0xff, 0xff, 0xff, 0xff, 0]],
  [
    'absent',
    { type: 'absent', requestId: 2, segment: { rendition: 0, sequence: 9 }, indices: [1], reason: 'choked' },
    [1, 7, 2, 0, 0, 0, 0, 9, 1, 1, 2],
  ],
  ['totals', { type: 'totals', deliveredKB: 300, fromPeersKB: 5 }, [1, 9, 0xac, 0x02, 5]],
  [
    'totals at the u32 limit',
    { type: 'totals', deliveredKB: 0xffffffff, fromPeersKB: 0 },
    [1, 9, 0xff, 0xff, 0xff, 0xff, 0x0f, 0],
  ],
  ['uplink', { type: 'uplink', bytesPerSecond: 62_500 }, [1, 10, 0xa4, 0xe8, 0x03]],
  ['uplink of a viewer that does not upload', { type: 'uplink', bytesPerSecond: 0 }, [1, 10, 0]],
];

function kindOf(frame: number[] | Uint8Array): ProtocolErrorKind | 'no error' {
  try {
    decodeMessage(Uint8Array.from(frame));
    return 'no error';
  } catch (error) {
    if (error instanceof ProtocolError) return error.kind;
    throw error;
  }
}

describe('wire format vectors', () => {
  it.each(vectors)('%s encodes to known bytes and back', (_name, msg, bytes) => {
    expect([...encodeMessage(msg)]).toEqual(bytes);
    expect(decodeMessage(Uint8Array.from(bytes))).toStrictEqual(msg);
  });

  it('returns the shard payload as a view into the frame', () => {
    const frame = Uint8Array.from([1, 5, 4, 3, 2, 1, 0, 5, 7, 3, 9, 8, 7]);
    const msg = decodeMessage(frame);
    if (msg.type !== 'shard') throw new Error('expected a shard');
    expect(msg.payload.buffer).toBe(frame.buffer);
    expect(msg.payload.byteOffset).toBe(10);
  });

  it('round-trips a maximal shard within MAX_FRAME_BYTES', () => {
    const payload = new Uint8Array(MAX_SHARD_BYTES).fill(0xab);
    const msg: Message = {
      type: 'shard',
      requestId: 7,
      segment: { rendition: 0xffff, sequence: 0xffffffff },
      index: 254,
      payload,
    };
    const frame = encodeMessage(msg);
    expect(frame.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(decodeMessage(frame)).toStrictEqual(msg);
  });
});

describe('decoder rejects', () => {
  const cases: [string, number[] | Uint8Array, ProtocolErrorKind][] = [
    ['an empty frame', [], 'truncated'],
    ['a frame with no tag', [1], 'truncated'],
    ['version 0', [0, 8, 0], 'bad-version'],
    ['version 2', [2, 8, 0], 'bad-version'],
    ['hello with maxVersion 0', [1, 1, 0, 1, 115, 1, 112, 0, 0], 'bad-version'],
    ['tag 0', [1, 0], 'unknown-type'],
    ['tag 11', [1, 11, 0], 'unknown-type'],
    ['uplink with no rate', [1, 10], 'truncated'],
    ['uplink over u32', [1, 10, 0xff, 0xff, 0xff, 0xff, 0x1f], 'out-of-range'],
    ['uplink with a trailing byte', [1, 10, 0, 0], 'trailing-bytes'],
    ['totals with more from peers than delivered', [1, 9, 4, 5], 'bad-field'],
    ['totals with one figure', [1, 9, 4], 'truncated'],
    ['totals with a trailing byte', [1, 9, 4, 4, 0], 'trailing-bytes'],
    ['a frame over MAX_FRAME_BYTES', new Uint8Array(MAX_FRAME_BYTES + 1).fill(1), 'oversize'],
    ['a have claiming 2^32-1 segments', [1, 2, 0xff, 0xff, 0xff, 0xff, 0x0f], 'oversize'],
    ['a have claiming more segments than bytes left', [1, 2, 100, 0, 0, 1, 0], 'truncated'],
    ['a shard payload longer than the frame', [1, 5, 0, 0, 0, 0, 0, 0, 0, 5, 1, 2], 'truncated'],
    ['a shard payload over MAX_SHARD_BYTES', [1, 5, 0, 0, 0, 0, 0, 0, 0, 0x81, 0x80, 0x10], 'oversize'],
    ['an empty shard payload', [1, 5, 0, 0, 0, 0, 0, 0, 0, 0], 'bad-length'],
    ['an empty peer id', [1, 1, 1, 1, 115, 0, 0, 0], 'bad-length'],
    ['a 65-byte swarm id', [1, 1, 1, 65, ...new Array(65).fill(97), 1, 112, 0, 0], 'oversize'],
    ['a non-ASCII peer id', [1, 1, 1, 1, 115, 1, 0xc3, 0, 0], 'bad-field'],
    ['shard index 255', [1, 5, 0, 0, 0, 0, 0, 0, 255, 1, 9], 'out-of-range'],
    ['rendition 65536', [1, 7, 0, 0, 0, 0, 0x80, 0x80, 0x04, 0, 1, 0, 0], 'out-of-range'],
    ['index 255 in a list', [1, 7, 0, 0, 0, 0, 0, 0, 1, 255, 0], 'out-of-range'],
    ['indices out of order', [1, 7, 0, 0, 0, 0, 0, 0, 2, 3, 1, 0], 'bad-field'],
    ['duplicate indices', [1, 7, 0, 0, 0, 0, 0, 0, 2, 3, 3, 0], 'bad-field'],
    ['an empty index list', [1, 7, 0, 0, 0, 0, 0, 0, 0, 0], 'bad-length'],
    ['a bitmap bit beyond shardCount', [1, 2, 1, 0, 0, 10, 0, 0b100], 'bad-field'],
    ['shardCount 0', [1, 2, 1, 0, 0, 0, 0, 0], 'bad-length'],
    ['a segment listed twice', [1, 2, 2, 0, 0, 1, 1, 0, 0, 1, 1], 'bad-field'],
    ['a segment both added and dropped', [1, 3, 1, 0, 1, 1, 4, 1, 0, 1], 'bad-field'],
    ['a request with no items', [1, 4, 0, 0, 0, 0, 0], 'bad-length'],
    ['a request deadline of 0 ms', [1, 4, 1, 0, 0, 0, 1, 1, 2, 2, 0, 3, 0], 'bad-length'],
    [
      'a request deadline over ten minutes',
      [1, 4, 1, 0, 0, 0, 1, 1, 2, 2, 0, 3, 0xc1, 0xcf, 0x24],
      'out-of-range',
    ],
    ['an overlong varint', [1, 7, 0, 0, 0, 0, 0x80, 0x00, 0, 1, 0, 0], 'bad-field'],
    ['a 6-byte varint', [1, 7, 0, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], 'bad-field'],
    ['a varint over 2^32-1', [1, 7, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x1f, 1, 0, 0], 'out-of-range'],
    ['an unknown absent reason', [1, 7, 0, 0, 0, 0, 0, 0, 1, 0, 3], 'bad-field'],
    ['an unknown bye reason', [1, 8, 6], 'bad-field'],
    ['a trailing byte', [1, 8, 0, 0], 'trailing-bytes'],
    ['a truncated u32', [1, 4, 1, 0], 'truncated'],
  ];

  it.each(cases)('%s', (_name, frame, kind) => {
    expect(kindOf(frame)).toBe(kind);
  });
});

describe('encoder rejects what the decoder would', () => {
  const cases: [string, Message, ProtocolErrorKind][] = [
    ['cancel with an empty item list', { type: 'cancel', requestId: 1, items: [] }, 'bad-length'],
    ['a request id over u32', { type: 'request', requestId: 2 ** 32, items: [] }, 'out-of-range'],
    [
      'a bitmap of the wrong length',
      {
        type: 'have',
        segments: [{ segment: { rendition: 0, sequence: 0 }, shardCount: 9, bitmap: new Uint8Array(1) }],
      },
      'bad-length',
    ],
    [
      'a non-integer sequence',
      {
        type: 'absent',
        requestId: 0,
        segment: { rendition: 0, sequence: 1.5 },
        indices: [0],
        reason: 'busy',
      },
      'bad-field',
    ],
    [
      'an id with a newline',
      { type: 'hello', maxVersion: 1, swarmId: 'a\n', peerId: 'p', capabilities: 0 },
      'bad-field',
    ],
    ['an unknown type', { type: 'nope' } as unknown as Message, 'unknown-type'],
    ['totals from peers over delivered', { type: 'totals', deliveredKB: 1, fromPeersKB: 2 }, 'bad-field'],
    ['totals in fractions of a kB', { type: 'totals', deliveredKB: 1.5, fromPeersKB: 0 }, 'bad-field'],
    ['totals over u32', { type: 'totals', deliveredKB: 2 ** 32, fromPeersKB: 0 }, 'out-of-range'],
    ['uplink over u32', { type: 'uplink', bytesPerSecond: 2 ** 32 }, 'out-of-range'],
    ['uplink in fractions of a byte', { type: 'uplink', bytesPerSecond: 0.5 }, 'bad-field'],
    [
      'an oversized shard',
      {
        type: 'shard',
        requestId: 0,
        segment: { rendition: 0, sequence: 0 },
        index: 0,
        payload: new Uint8Array(MAX_SHARD_BYTES + 1),
      },
      'oversize',
    ],
  ];

  it.each(cases)('%s', (_name, msg, kind) => {
    expect(() => encodeMessage(msg)).toThrow(expect.objectContaining({ name: 'ProtocolError', kind }));
  });
});
