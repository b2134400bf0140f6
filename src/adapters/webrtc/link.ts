// One PeerLink over a simple-peer data channel: whole frames in and out (see framing.ts),
// a bounded send queue in front of the channel's own buffer, and handshake/idle/stall timeouts.

import type SimplePeer from 'simple-peer';
import type { PeerLink } from '../../core/ports.ts';
import { FrameTooLargeError, FramingError } from './errors.ts';
import {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_MAX_FRAME_BYTES,
  FrameReassembler,
  PING_MESSAGE,
  splitFrame,
} from './framing.ts';

export interface LinkOptions {
  /** Largest data-channel message, header included. */
  chunkBytes: number;
  /** Largest frame either side may send; a bigger incoming frame drops the peer. */
  maxFrameBytes: number;
  /** Stop feeding the channel above this many buffered bytes; queue instead. */
  highWaterBytes: number;
  /** Call onDrain once buffered bytes fall to this level. */
  lowWaterBytes: number;
  /** Time from creating the connection to an open data channel. */
  handshakeTimeoutMs: number;
  /** Close when nothing (not even a ping) arrives for this long. Pings go out at a third of it. */
  idleTimeoutMs: number;
  /**
   * Most bytes queued in front of the channel (whose own buffer stays near highWaterBytes); at
   * least maxFrameBytes. A send that leaves more queued closes the link as stalled: the peer is
   * not reading, and the queue must not grow without bound. A healthy link holds far less: the
   * uploader hands all links together ~100 ms of the uplink's measured rate at a time
   * (core/swarm/uplink-queue.ts), which passes the 8 MiB default only above ~90 MB/s.
   */
  maxQueuedBytes: number;
  /** Close as stalled when bytes wait to be sent and none has left the channel for this long. */
  stallTimeoutMs: number;
}

export const DEFAULT_LINK_OPTIONS: LinkOptions = {
  chunkBytes: DEFAULT_CHUNK_BYTES,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  handshakeTimeoutMs: 20_000,
  idleTimeoutMs: 30_000,
  maxQueuedBytes: 8 * 1024 * 1024,
  stallTimeoutMs: 10_000,
};

/** Why a link whose peer stopped reading was closed; callers may match the prefix. */
export type StalledReason = `stalled: ${string}`;

export function stalledReason(detail: string): StalledReason {
  return `stalled: ${detail}`;
}

/** Runs a user callback so that its exception is reported but cannot break the link. */
export function callSafely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** Frames held while nobody listens yet (a peer may speak before our 'connect' event). */
const MAX_EARLY_FRAMES = 64;

export class WebRtcLink implements PeerLink {
  private frameListener: ((frame: Uint8Array) => void) | null = null;
  private early: Uint8Array[] = [];
  onClose: ((reason: string) => void) | null = null;
  onDrain: (() => void) | null = null;
  /** For the network that made this link: the channel is open (called at most once). */
  onOpen: (() => void) | null = null;
  /** For the network that made this link: it is gone (called exactly once, before onClose). */
  onEnded: ((reason: string) => void) | null = null;

  private channel: RTCDataChannel | null = null;
  private readonly queue: Uint8Array<ArrayBuffer>[] = [];
  private queuedBytes = 0;
  private wantsDrain = false;
  private closed = false;
  private lastReceived = 0;
  private lastSent = 0;
  /** Bytes handed to the channel so far, and when the last of them were seen to leave it. */
  private handedBytes = 0;
  private leftBytes = 0;
  private leftAt = 0;
  private readonly reassembler: FrameReassembler;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly onLowWater = () => this.handleLowWater();

  constructor(
    readonly remoteId: string,
    private readonly peer: SimplePeer.Instance,
    private readonly options: LinkOptions = DEFAULT_LINK_OPTIONS,
  ) {
    this.reassembler = new FrameReassembler(options.maxFrameBytes);
    peer.on('connect', () => this.handleOpen());
    peer.on('data', (data: Uint8Array) => this.handleMessage(data));
    peer.on('close', () => this.finish('closed by peer'));
    peer.on('error', (error: Error & { code?: string }) =>
      this.finish(`error: ${error.code ?? error.message}`),
    );
    this.timers.push(
      setTimeout(() => {
        if (!this.channel) this.close('handshake timeout');
      }, options.handshakeTimeoutMs),
    );
  }

  get isOpen(): boolean {
    return this.channel !== null && !this.closed;
  }

  send(frame: Uint8Array): boolean {
    if (this.closed) return false;
    if (frame.length > this.options.maxFrameBytes) {
      throw new FrameTooLargeError(frame.length, this.options.maxFrameBytes);
    }
    for (const message of splitFrame(frame, this.options.chunkBytes)) {
      this.queue.push(message);
      this.queuedBytes += message.length;
    }
    this.flush();
    // Closing, not dropping: a frame missing from the middle of the stream would corrupt it.
    if (this.queuedBytes > this.options.maxQueuedBytes) {
      this.close(stalledReason(`over ${this.options.maxQueuedBytes} bytes queued`));
      return false;
    }
    if (this.bufferedBytes() > this.options.lowWaterBytes) this.wantsDrain = true;
    return !this.closed;
  }

  bufferedBytes(): number {
    return this.queuedBytes + (this.channel?.bufferedAmount ?? 0);
  }

  close(reason: string): void {
    this.finish(reason);
  }

  private handleOpen(): void {
    if (this.closed) return;
    // simple-peer keeps the RTCDataChannel private; we need it for bufferedAmount and its event.
    const channel = (this.peer as unknown as { _channel: RTCDataChannel | null })._channel;
    if (!channel) {
      this.close('data channel missing');
      return;
    }
    this.channel = channel;
    // simple-peer owns `onbufferedamountlow`; a second listener leaves its handler intact.
    channel.bufferedAmountLowThreshold = this.options.lowWaterBytes;
    channel.addEventListener('bufferedamountlow', this.onLowWater);
    this.lastReceived = this.lastSent = this.leftAt = Date.now();
    const every = Math.min(this.options.idleTimeoutMs / 6, this.options.stallTimeoutMs / 2);
    this.timers.push(setInterval(() => this.checkIdle(), Math.max(50, Math.floor(every))));
    if (this.onOpen) callSafely(this.onOpen);
    this.flush();
  }

  private handleMessage(data: Uint8Array): void {
    if (this.closed) return;
    this.lastReceived = Date.now();
    let frame: Uint8Array | null;
    try {
      frame = this.reassembler.push(data);
    } catch (error) {
      if (error instanceof FramingError) {
        this.close(`protocol violation: ${error.message}`);
        return;
      }
      throw error;
    }
    if (!frame) return;
    const listener = this.frameListener;
    if (listener) callSafely(() => listener(frame));
    else if (this.early.length < MAX_EARLY_FRAMES) this.early.push(frame);
    else this.close('protocol violation: too many frames before the link was taken');
  }

  get onFrame(): ((frame: Uint8Array) => void) | null {
    return this.frameListener;
  }

  /** Setting a listener hands it the frames that came first, after the caller's turn ends. */
  set onFrame(listener: ((frame: Uint8Array) => void) | null) {
    this.frameListener = listener;
    if (!listener || this.early.length === 0) return;
    queueMicrotask(() => {
      const held = this.early;
      this.early = [];
      for (const frame of held) {
        const current = this.frameListener;
        if (current && !this.closed) callSafely(() => current(frame));
      }
    });
  }

  /** Idle and stall deadlines, and a ping when we have been quiet. */
  private checkIdle(): void {
    const now = Date.now();
    if (now - this.lastReceived > this.options.idleTimeoutMs) {
      this.close('idle timeout');
      return;
    }
    if (this.stalled(now)) {
      this.close(stalledReason(`nothing sent for ${this.options.stallTimeoutMs} ms`));
      return;
    }
    if (now - this.lastSent > this.options.idleTimeoutMs / 3 && this.queue.length === 0) {
      this.queue.push(PING_MESSAGE);
      this.queuedBytes += PING_MESSAGE.length;
      this.flush();
    }
  }

  /** True when bytes have waited and none left the channel for stallTimeoutMs. */
  private stalled(now: number): boolean {
    const left = this.handedBytes - (this.channel?.bufferedAmount ?? 0);
    if (this.bufferedBytes() === 0 || left > this.leftBytes) {
      this.leftBytes = left;
      this.leftAt = now;
      return false;
    }
    return now - this.leftAt > this.options.stallTimeoutMs;
  }

  private flush(): void {
    const channel = this.channel;
    if (!channel || this.closed) return;
    while (this.queue.length > 0 && channel.bufferedAmount < this.options.highWaterBytes) {
      if (channel.readyState !== 'open') {
        this.close(`data channel ${channel.readyState}`);
        return;
      }
      const message = this.queue.shift()!;
      this.queuedBytes -= message.length;
      try {
        channel.send(message);
      } catch (error) {
        this.close(`send failed: ${(error as Error).message}`);
        return;
      }
      this.handedBytes += message.length;
      this.lastSent = Date.now();
    }
  }

  private handleLowWater(): void {
    this.flush();
    if (this.closed || !this.wantsDrain || this.bufferedBytes() > this.options.lowWaterBytes) return;
    this.wantsDrain = false;
    if (this.onDrain) callSafely(this.onDrain);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.channel?.removeEventListener('bufferedamountlow', this.onLowWater);
    this.peer.destroy();
    const ended = this.onEnded;
    if (ended) callSafely(() => ended(reason));
    const listener = this.onClose;
    if (listener) callSafely(() => listener(reason));
  }
}
