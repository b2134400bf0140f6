// The only ways the core reaches the outside world. Adapters implement these in the
// browser; `core/testing/` has fakes for unit tests; `sim/` has virtual ones.

import type { CodingParams } from './coding/params.ts';

/** A way to cancel work; the core has no DOM AbortSignal. */
export interface CancelToken {
  readonly cancelled: boolean;
  onCancel(listener: () => void): void;
}

/** Milliseconds on a monotonic clock, and timers. */
export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; the returned function cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** A byte range, both ends inclusive as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface OriginResponse {
  data: Uint8Array;
  /** Clock times (ms) of request start, first byte and last byte. */
  timing: { requestStart: number; firstByte: number; loaded: number };
}

/** The HTTP origin (CDN). Rejects with an `OriginError` on failure. */
export interface Origin {
  getBytes(url: string, range: ByteRange | null, cancel: CancelToken | null): Promise<OriginResponse>;
  fetchText(url: string, cancel: CancelToken | null): Promise<string>;
  /** The resource's byte length without its body (HTTP HEAD); needed only for `trustPeers`. */
  contentLength?(url: string, cancel: CancelToken | null): Promise<number>;
}

/** One connected peer: a reliable, ordered, message-oriented link (a WebRTC data channel). */
export interface PeerLink {
  readonly remoteId: string;
  /** Sends one whole frame; the adapter splits and reassembles it. False once closed. */
  send(frame: Uint8Array): boolean;
  /** Bytes queued but not yet sent: the backpressure signal. */
  bufferedBytes(): number;
  close(reason: string): void;
  onFrame: ((frame: Uint8Array) => void) | null;
  onClose: ((reason: string) => void) | null;
  /** Called when the send queue drains below the adapter's low-water mark. */
  onDrain: (() => void) | null;
}

export type NetworkStatus =
  | { kind: 'connecting' }
  | { kind: 'online'; detail: string }
  | { kind: 'degraded'; detail: string }
  | { kind: 'offline'; detail: string };

/** Finds peers of a swarm and hands over connected links (tracker + WebRTC, BroadcastChannel, or virtual). */
export interface PeerNetwork {
  join(swarmId: string, selfId: string): void;
  /**
   * Optional warm-up before the swarm is known (a tracker network opens its sockets and gathers
   * its first offers), so that `join` connects sooner. `leave` undoes it.
   */
  prepare?(selfId: string): void;
  /**
   * Optional, cheaper than `prepare`: opens the signaling connections only (a tracker socket),
   * no WebRTC work, so that a network held back while the player starts is a handshake ahead
   * when released. `leave` undoes it.
   */
  connectSignaling?(selfId: string): void;
  /**
   * Optional, after `connectSignaling`: learns how many viewers `swarmId` has without joining it
   * (a tracker scrape), so that the join's first announce carries offers sized by that count
   * instead of asking for it first. Still no WebRTC work.
   */
  peek?(swarmId: string): void;
  /**
   * Optional: the most links this viewer wants now (a strong uplink among weak ones takes more;
   * engine/peer-budget.ts). Links already open stay when it falls; it applies to new ones.
   */
  setPeerLimit?(limit: number): void;
  leave(): void;
  onLink: ((link: PeerLink) => void) | null;
  onStatus: ((status: NetworkStatus) => void) | null;
  /** How many viewers the whole swarm has, as a tracker counts them (when the network knows). */
  onSwarmSize?: ((viewers: number) => void) | null;
}

/** Shard bytes by key; implementations enforce their own byte quota and evict. */
export interface ShardStore {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, data: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

export interface ShardData {
  index: number;
  data: Uint8Array;
}

/** Erasure coding and hashing, usually in a Web Worker. */
export interface Coder {
  /**
   * Returns the m parity shards of `segment` (data shards are plain slices of it). They may be
   * views of one buffer (the coding worker sends them so): copy one to keep it alone.
   */
  encode(segment: Uint8Array, params: CodingParams, cancel?: CancelToken | null): Promise<Uint8Array[]>;
  /** Rebuilds the `length`-byte segment from any k distinct shards. */
  decode(
    shards: readonly ShardData[],
    params: CodingParams,
    length: number,
    cancel?: CancelToken | null,
  ): Promise<Uint8Array>;
  /** Hashes each buffer with the named algorithm. */
  hash(algorithm: HashAlgorithm, buffers: readonly Uint8Array[]): Promise<Uint8Array[]>;
  close(): void;
}

export type HashAlgorithm = 'sha256' | 'blake3';
