// PeerNetwork wrappers for chaos tests: the links they hand out misbehave on the way out.
// `corrupt` flips bytes of every shard payload (the frame stays well-formed, so only the
// shard hashes can catch it); `garbage` replaces every shard frame with protocol garbage
// (random bytes, an unknown tag, a truncated frame, in turn); `slow` sends through a thin pipe.

import type { NetworkStatus, PeerLink, PeerNetwork } from '../../../src/core/ports.ts';
import {
  decodeMessage,
  encodeMessage,
  MESSAGE_TAGS,
  PROTOCOL_VERSION,
} from '../../../src/core/protocol/index.ts';

export type TamperMode = 'corrupt' | 'garbage' | 'slow' | 'none';

export interface TamperOptions {
  mode: TamperMode;
  /** For `slow`: the link's upload rate in bytes per second (frames stay in order). */
  bytesPerSecond?: number;
}

/** What the wrapper did, for the spec to read. */
export interface TamperCounts {
  shardsCorrupted: number;
  garbageSent: number;
  framesDelayed: number;
}

export function tamperNetwork(inner: PeerNetwork, options: TamperOptions, counts: TamperCounts): PeerNetwork {
  const outer: PeerNetwork = {
    join: (swarmId, selfId) => inner.join(swarmId, selfId),
    leave: () => inner.leave(),
    onLink: null,
    onStatus: null,
  };
  inner.onLink = (link) => outer.onLink?.(options.mode === 'none' ? link : tamperLink(link, options, counts));
  inner.onStatus = (status: NetworkStatus) => outer.onStatus?.(status);
  return outer;
}

function tamperLink(link: PeerLink, options: TamperOptions, counts: TamperCounts): PeerLink {
  let garbageTurn = 0;
  // The engine's handlers are set on the wrapper; forward the inner link's callbacks to them.
  const wrapper: PeerLink = {
    remoteId: link.remoteId,
    send(frame) {
      if (options.mode === 'slow') return sendLater(frame);
      if (!isShard(frame)) return link.send(frame);
      if (options.mode === 'corrupt') {
        counts.shardsCorrupted += 1;
        return link.send(corruptShard(frame));
      }
      counts.garbageSent += 1;
      return link.send(garbage(garbageTurn++, frame));
    },
    bufferedBytes: () => link.bufferedBytes() + delayedBytes,
    close: (reason) => link.close(reason),
    onFrame: null,
    onClose: null,
    onDrain: null,
  };
  link.onFrame = (frame) => wrapper.onFrame?.(frame);
  link.onClose = (reason) => wrapper.onClose?.(reason);
  link.onDrain = () => wrapper.onDrain?.();

  // `slow`: a serial queue drained at `bytesPerSecond`, so frames keep their order and the
  // engine sees them as buffered (its backpressure signal).
  let delayedBytes = 0;
  let tail = Promise.resolve();
  function sendLater(frame: Uint8Array): boolean {
    const copy = frame.slice();
    delayedBytes += copy.length;
    counts.framesDelayed += 1;
    tail = tail.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(
            () => {
              delayedBytes -= copy.length;
              link.send(copy);
              resolve();
            },
            (copy.length * 1000) / (options.bytesPerSecond ?? 16_000),
          ),
        ),
    );
    return true;
  }
  return wrapper;
}

function isShard(frame: Uint8Array): boolean {
  return frame.length >= 2 && frame[1] === MESSAGE_TAGS.shard;
}

/** The same shard message with its payload's bytes inverted: well-formed, wrong content. */
function corruptShard(frame: Uint8Array): Uint8Array {
  const message = decodeMessage(frame);
  if (message.type !== 'shard') return frame;
  const payload = message.payload.slice();
  for (let i = 0; i < payload.length; i += 97) payload[i] = (payload[i] ?? 0) ^ 0xff;
  return encodeMessage({ ...message, payload });
}

/** Three kinds of protocol garbage, in turn. */
function garbage(turn: number, frame: Uint8Array): Uint8Array {
  switch (turn % 3) {
    case 0:
      return crypto.getRandomValues(new Uint8Array(64 + (turn % 200)));
    case 1:
      // A valid version byte, then a tag no version of the protocol defines.
      return Uint8Array.of(PROTOCOL_VERSION, 0xee, 1, 2, 3, 4);
    default:
      // The real shard frame cut short: its declared length runs past the end.
      return frame.slice(0, Math.max(2, frame.length >> 1));
  }
}
