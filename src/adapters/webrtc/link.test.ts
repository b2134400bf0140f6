// WebRtcLink against a fake simple-peer and data channel, in virtual time.

import { EventEmitter } from 'node:events';
import type SimplePeer from 'simple-peer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameTooLargeError } from './errors.ts';
import { MESSAGE_PING, splitFrame } from './framing.ts';
import { DEFAULT_LINK_OPTIONS, type LinkOptions, stalledReason, WebRtcLink } from './link.ts';

class FakeChannel extends EventTarget {
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  readyState: RTCDataChannelState = 'open';
  readonly sent: Uint8Array[] = [];
  send(message: Uint8Array): void {
    this.sent.push(message);
    this.bufferedAmount += message.length;
  }
  /** The network took `bytes` off the buffer. */
  drainBy(bytes: number): void {
    const before = this.bufferedAmount;
    this.bufferedAmount = Math.max(0, before - bytes);
    if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) {
      this.dispatchEvent(new Event('bufferedamountlow'));
    }
  }
}

class FakePeer extends EventEmitter {
  _channel: FakeChannel | null = null;
  destroyed = 0;
  destroy(): void {
    this.destroyed += 1;
  }
  open(): FakeChannel {
    this._channel = new FakeChannel();
    this.emit('connect');
    return this._channel;
  }
}

const options: LinkOptions = {
  ...DEFAULT_LINK_OPTIONS,
  chunkBytes: 1024,
  maxFrameBytes: 10_000,
  highWaterBytes: 4096,
  lowWaterBytes: 1024,
  handshakeTimeoutMs: 1000,
  idleTimeoutMs: 3000,
  maxQueuedBytes: 20_000,
  stallTimeoutMs: 2000,
};

function makeLink() {
  const peer = new FakePeer();
  const link = new WebRtcLink('remote', peer as unknown as SimplePeer.Instance, options);
  const closes: string[] = [];
  link.onClose = (reason) => closes.push(reason);
  return { peer, link, closes };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WebRtcLink', () => {
  it('delivers frames split across messages and reports open once', () => {
    const { peer, link } = makeLink();
    const opened = vi.fn();
    link.onOpen = opened;
    peer.open();
    expect(opened).toHaveBeenCalledTimes(1);
    const frames: Uint8Array[] = [];
    link.onFrame = (frame) => frames.push(frame);
    const frame = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    for (const message of splitFrame(frame, 1024)) peer.emit('data', message);
    expect(frames).toEqual([frame]);
  });

  it('queues above the high-water mark and calls onDrain once the buffer is low', () => {
    const { peer, link } = makeLink();
    const channel = peer.open();
    const onDrain = vi.fn();
    link.onDrain = onDrain;
    expect(link.send(new Uint8Array(9000))).toBe(true);
    expect(channel.bufferedAmount).toBeGreaterThanOrEqual(options.highWaterBytes);
    expect(channel.bufferedAmount).toBeLessThan(options.highWaterBytes + options.chunkBytes);
    expect(link.bufferedBytes()).toBe(9000 + 5 + 8); // payload plus one START and eight CONTINUE headers
    let guard = 0;
    while (onDrain.mock.calls.length === 0 && guard++ < 100) channel.drainBy(channel.bufferedAmount);
    expect(onDrain).toHaveBeenCalledTimes(1);
    expect(link.bufferedBytes()).toBeLessThanOrEqual(options.lowWaterBytes);
    channel.drainBy(channel.bufferedAmount);
    expect(link.bufferedBytes()).toBe(0);
    expect(onDrain).toHaveBeenCalledTimes(1);
    expect(channel.sent.reduce((sum, m) => sum + m.length, 0)).toBe(9013);
  });

  it('closes once, whoever closes it, and refuses to send afterwards', () => {
    const { peer, link, closes } = makeLink();
    peer.open();
    link.close('bye');
    peer.emit('close');
    peer.emit('error', new Error('late'));
    link.close('again');
    expect(closes).toEqual(['bye']);
    expect(peer.destroyed).toBe(1);
    expect(link.send(new Uint8Array(1))).toBe(false);
  });

  it('times out a handshake that never completes', () => {
    const { link, closes } = makeLink();
    link.onOpen = () => {
      throw new Error('must not open');
    };
    vi.advanceTimersByTime(options.handshakeTimeoutMs + 1);
    expect(closes).toEqual(['handshake timeout']);
  });

  it('pings a quiet link and closes it when the peer goes silent', () => {
    const { peer, closes } = makeLink();
    const channel = peer.open();
    vi.advanceTimersByTime(options.idleTimeoutMs / 3 + 600);
    expect(channel.sent.some((m) => m.length === 1 && m[0] === MESSAGE_PING)).toBe(true);
    // Incoming pings keep it alive (and ours leave: waiting bytes that never leave are a stall)...
    for (let t = 0; t < 4; t++) {
      vi.advanceTimersByTime(options.idleTimeoutMs / 2);
      peer.emit('data', Uint8Array.of(MESSAGE_PING));
      channel.drainBy(channel.bufferedAmount);
    }
    expect(closes).toEqual([]);
    // ...silence does not.
    vi.advanceTimersByTime(options.idleTimeoutMs + 1000);
    expect(closes).toEqual(['idle timeout']);
  });

  it('drops a peer that announces an oversize frame, and refuses to send one', () => {
    const { peer, link, closes } = makeLink();
    peer.open();
    expect(() => link.send(new Uint8Array(options.maxFrameBytes + 1))).toThrow(FrameTooLargeError);
    const [start] = splitFrame(new Uint8Array(options.maxFrameBytes + 1), 1024);
    peer.emit('data', start);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatch(/^protocol violation: frame of 10001 bytes/);
  });

  it('survives a throwing frame listener', () => {
    const { peer, link, closes } = makeLink();
    peer.open();
    link.onFrame = () => {
      throw new Error('listener bug');
    };
    const reported = vi.fn();
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (fn) => reported(fn);
    try {
      for (const message of splitFrame(new Uint8Array(10), 1024)) peer.emit('data', message);
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(reported).toHaveBeenCalledTimes(1);
    expect(closes).toEqual([]);
  });

  it('closes as stalled, never dropping a frame, once the queue would pass its bound', () => {
    const { peer, link, closes } = makeLink();
    const channel = peer.open(); // never drained: the peer stopped reading
    const frame = new Uint8Array(5000);
    let sent = 0;
    while (sent < 20 && link.send(frame)) sent += 1;
    // The channel takes 4 KiB of the first frame, the queue its rest and three frames more
    // (15,940 bytes); a fifth would pass 20,000.
    expect(sent).toBe(4);
    expect(closes).toEqual([stalledReason('over 20000 bytes queued')]);
    expect(peer.destroyed).toBe(1);
    expect(link.bufferedBytes()).toBe(channel.bufferedAmount);
    // The channel got the messages in order with none skipped: the peer saw a clean prefix.
    const stream = Array.from({ length: 5 }, () => splitFrame(frame, options.chunkBytes)).flat();
    expect(channel.sent).toEqual(stream.slice(0, channel.sent.length));
  });

  it('keeps a slow link that keeps sending, and closes one that sends nothing for stallTimeoutMs', () => {
    const { peer, link, closes } = makeLink();
    const channel = peer.open();
    link.send(new Uint8Array(9000));
    // Slow: a little leaves every half second, for longer than the stall timeout.
    for (let t = 0; t < 8; t++) {
      vi.advanceTimersByTime(500);
      peer.emit('data', Uint8Array.of(MESSAGE_PING));
      channel.drainBy(300);
    }
    expect(closes).toEqual([]);
    // Stuck: the peer still pings, but nothing more leaves.
    for (let t = 0; t < 6 && closes.length === 0; t++) {
      vi.advanceTimersByTime(500);
      peer.emit('data', Uint8Array.of(MESSAGE_PING));
    }
    expect(closes).toEqual([stalledReason(`nothing sent for ${options.stallTimeoutMs} ms`)]);
  });
});
