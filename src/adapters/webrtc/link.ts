// One PeerLink over a simple-peer data channel: whole frames in and out (see framing.ts),
// a bounded send queue in front of the channel's own buffer, and handshake/idle timeouts.

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
}

export const DEFAULT_LINK_OPTIONS: LinkOptions = {
  chunkBytes: DEFAULT_CHUNK_BYTES,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  handshakeTimeoutMs: 20_000,
  idleTimeoutMs: 30_000,
};

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
    this.lastReceived = this.lastSent = Date.now();
    const idle = this.options.idleTimeoutMs;
    this.timers.push(setInterval(() => this.checkIdle(), Math.max(50, Math.floor(idle / 6))));
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

  private checkIdle(): void {
    const now = Date.now();
    if (now - this.lastReceived > this.options.idleTimeoutMs) {
      this.close('idle timeout');
      return;
    }
    if (now - this.lastSent > this.options.idleTimeoutMs / 3 && this.queue.length === 0) {
      this.queue.push(PING_MESSAGE);
      this.queuedBytes += PING_MESSAGE.length;
      this.flush();
    }
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
