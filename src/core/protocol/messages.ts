// The wire messages peers exchange, as one discriminated union on `type`.
// Segments are named compactly by a rendition index (into the rendition list both peers took
// from the manifest) and a media sequence number; shards by their index 0..k+m-1.

/** A segment of the content: rendition index (u16) and media sequence number (u32). */
export interface SegmentRef {
  readonly rendition: number;
  readonly sequence: number;
}

/** Capability bits of `hello.capabilities`. Unknown bits are legal and kept. */
export const Capability = {
  /** The peer serves shards to others. */
  CAN_UPLOAD: 1 << 0,
  /** The peer keeps shards across sessions (IndexedDB), so its holdings outlive the playhead. */
  STORES_PERSISTENTLY: 1 << 1,
  /** The peer reads `request.withinMs` (older peers reject a request that carries it). */
  REQUEST_DEADLINES: 1 << 2,
  /** The peer reads `totals` (older peers reject its tag): send it only to peers with this bit. */
  SHARES_TOTALS: 1 << 3,
  /** The peer reads `uplink` (older peers reject its tag): send it only to peers with this bit. */
  SHARES_UPLINK: 1 << 4,
} as const;

/** Why shards of a request will not come. */
export const ABSENT_REASONS = ['absent', 'busy', 'choked'] as const;
export type AbsentReason = (typeof ABSENT_REASONS)[number];

/** Why a peer closes the link. */
export const BYE_REASONS = [
  'leaving',
  'protocol-error',
  'banned',
  'too-many-peers',
  'incompatible',
  'duplicate',
] as const;
export type ByeReason = (typeof BYE_REASONS)[number];

/** Shard indices of one segment: 1..255 indices, each 0..254, strictly ascending. */
export interface SegmentShards {
  readonly segment: SegmentRef;
  readonly indices: readonly number[];
}

/** Holdings of one segment: `shardCount` (k+m, 1..255) bits, bit i set if shard i is held. */
export interface SegmentHoldings {
  readonly segment: SegmentRef;
  readonly shardCount: number;
  /** Exactly ceil(shardCount / 8) bytes, LSB-first (see bitmap.ts); bits >= shardCount are zero. */
  readonly bitmap: Uint8Array;
}

export interface HelloMessage {
  readonly type: 'hello';
  /** Highest protocol version the sender speaks (>= PROTOCOL_VERSION), for later upgrades. */
  readonly maxVersion: number;
  /** Printable ASCII, 1..MAX_STRING_BYTES. */
  readonly swarmId: string;
  /** Printable ASCII, 1..MAX_STRING_BYTES. */
  readonly peerId: string;
  /** Bit set of `Capability` flags (u16). */
  readonly capabilities: number;
  /** Largest shard payload the sender accepts, 1..MAX_SHARD_BYTES; absent means MAX_SHARD_BYTES. */
  readonly maxShardSize?: number;
}

/** Full holdings, replacing whatever the receiver knew. Segments are distinct. */
export interface HaveMessage {
  readonly type: 'have';
  readonly segments: readonly SegmentHoldings[];
}

/** Incremental holdings: shards gained, segments dropped entirely. No segment appears twice. */
export interface HaveDeltaMessage {
  readonly type: 'have-delta';
  readonly added: readonly SegmentShards[];
  readonly dropped: readonly SegmentRef[];
}

/** Asks for shards; items are in the sender's priority order, segments distinct. */
export interface RequestMessage {
  readonly type: 'request';
  readonly requestId: number;
  readonly items: readonly SegmentShards[];
  /**
   * The asker gives up on these shards this many ms after sending (1..MAX_REQUEST_WITHIN_MS):
   * an uploader that cannot deliver them by then says 'busy' at once. Absent: not stated.
   * Sent only to peers with the REQUEST_DEADLINES capability.
   */
  readonly withinMs?: number;
}

/** One shard answering a request. */
export interface ShardMessage {
  readonly type: 'shard';
  readonly requestId: number;
  readonly segment: SegmentRef;
  readonly index: number;
  /**
   * 1..MAX_SHARD_BYTES bytes. When decoded, this is a view into the received frame (no copy):
   * copy it (`slice()`) before the frame's buffer is reused or if it must outlive the frame.
   */
  readonly payload: Uint8Array;
}

/** Withdraws a request: all of it when `items` is absent, else only those shards. */
export interface CancelMessage {
  readonly type: 'cancel';
  readonly requestId: number;
  /** When present, 1..MAX_REQUEST_ITEMS distinct segments. */
  readonly items?: readonly SegmentShards[];
}

/** Shards of a request the sender does not have or will not send. */
export interface AbsentMessage {
  readonly type: 'absent';
  readonly requestId: number;
  readonly segment: SegmentRef;
  readonly indices: readonly number[];
  readonly reason: AbsentReason;
}

export interface ByeMessage {
  readonly type: 'bye';
  readonly reason: ByeReason;
}

/**
 * What the sender's player received since its page loaded, in kB (1000 bytes, rounded down), for
 * a swarm-wide savings figure. Self-reported: receivers show it as such and never act on it.
 */
export interface TotalsMessage {
  readonly type: 'totals';
  /** Media bytes delivered to its player, from any source (u32 kB: up to 4.29 TB). */
  readonly deliveredKB: number;
  /** Of those, bytes that came from peers: at most `deliveredKB`. */
  readonly fromPeersKB: number;
}

/**
 * How fast the sender's uplink empties, as it measured it (bytes per second; 0: it does not
 * upload). Peers weigh the live split by it, so viewers that can relay a share fetch it.
 */
export interface UplinkMessage {
  readonly type: 'uplink';
  /** u32: up to 4.29 GB/s. */
  readonly bytesPerSecond: number;
}

export type Message =
  | HelloMessage
  | HaveMessage
  | HaveDeltaMessage
  | RequestMessage
  | ShardMessage
  | CancelMessage
  | AbsentMessage
  | ByeMessage
  | TotalsMessage
  | UplinkMessage;

export type MessageType = Message['type'];

/** The type tag (second frame byte) of each message. Never reuse a retired tag. */
export const MESSAGE_TAGS = {
  hello: 1,
  have: 2,
  'have-delta': 3,
  request: 4,
  shard: 5,
  cancel: 6,
  absent: 7,
  bye: 8,
  totals: 9,
  uplink: 10,
} as const satisfies Record<MessageType, number>;
