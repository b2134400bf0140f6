// Test page for e2e/webrtc.spec.ts: joins a swarm through a tracker or a BroadcastChannel and
// exposes `window.webrtcTest`, so the spec can stream random bytes over the first link and
// compare SHA-256 digests on both ends without shipping the bytes back to Node.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  type BroadcastNetworkOptions,
  createBroadcastNetwork,
  createTrackerNetwork,
  randomSelfId,
  type TrackerNetworkOptions,
} from '../../src/adapters/webrtc/index.ts';
import type { NetworkStatus, PeerLink, PeerNetwork } from '../../src/core/ports.ts';

type JoinOptions =
  | { kind: 'tracker'; swarm: string; network: TrackerNetworkOptions }
  | { kind: 'broadcast'; swarm: string; network: BroadcastNetworkOptions };

let network: PeerNetwork | null = null;
const links = new Map<string, PeerLink>();
const closed: { remoteId: string; reason: string }[] = [];
const statuses: NetworkStatus[] = [];
const received = new Map<string, { bytes: number; frames: number; hash: ReturnType<typeof sha256.create> }>();
let linkWaiters: (() => void)[] = [];
const selfId = randomSelfId();

function track(link: PeerLink): void {
  links.set(link.remoteId, link);
  const state = { bytes: 0, frames: 0, hash: sha256.create() };
  received.set(link.remoteId, state);
  link.onFrame = (frame) => {
    state.bytes += frame.length;
    state.frames += 1;
    state.hash.update(frame);
  };
  link.onClose = (reason) => {
    links.delete(link.remoteId);
    closed.push({ remoteId: link.remoteId, reason });
  };
  for (const wake of linkWaiters) wake();
  linkWaiters = [];
}

function firstLink(): PeerLink {
  const link = links.values().next().value;
  if (!link) throw new Error('no open link');
  return link;
}

function randomFrame(size: number): Uint8Array {
  const frame = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65536) {
    crypto.getRandomValues(frame.subarray(offset, Math.min(size, offset + 65536)));
  }
  return frame;
}

const webrtcTest = {
  selfId,
  join(options: JoinOptions): void {
    network?.leave();
    network =
      options.kind === 'tracker'
        ? createTrackerNetwork(options.network)
        : createBroadcastNetwork(options.network);
    network.onStatus = (status) => statuses.push(status);
    network.onLink = track;
    network.join(options.swarm, selfId);
  },
  leave(): void {
    network?.leave();
  },
  /** Resolves with the remote ids once at least `count` links are open. */
  async waitForLinks(count = 1): Promise<string[]> {
    while (links.size < count) await new Promise<void>((wake) => linkWaiters.push(wake));
    return [...links.keys()];
  },
  /** Streams `total` random bytes in frames of `frameBytes`, waiting for onDrain whenever more than
   *  `waitAboveBytes` are buffered; returns their hash, the onDrain count and the peak buffer. */
  async sendRandom(
    total: number,
    frameBytes: number,
    waitAboveBytes = 1024 * 1024,
  ): Promise<{ hash: string; drains: number; peak: number }> {
    const link = firstLink();
    const hash = sha256.create();
    let drains = 0;
    let peak = 0;
    let wake: (() => void) | null = null;
    link.onDrain = () => {
      drains += 1;
      wake?.();
    };
    for (let sent = 0; sent < total; ) {
      const frame = randomFrame(Math.min(frameBytes, total - sent));
      if (!link.send(frame)) throw new Error('link closed while sending');
      hash.update(frame);
      sent += frame.length;
      peak = Math.max(peak, link.bufferedBytes());
      if (link.bufferedBytes() > waitAboveBytes) await new Promise<void>((resolve) => (wake = resolve));
    }
    return { hash: bytesToHex(hash.digest()), drains, peak };
  },
  /** Resolves with the hash of everything received from the first link once `total` bytes arrived. */
  async receivedHash(total: number): Promise<{ hash: string; frames: number }> {
    const link = firstLink();
    const state = received.get(link.remoteId)!;
    while (state.bytes < total) await new Promise((resolve) => setTimeout(resolve, 20));
    return { hash: bytesToHex(state.hash.digest()), frames: state.frames };
  },
  /** Sends one frame bigger than the link allows; returns the error's kind. */
  sendOversize(bytes: number): string {
    try {
      firstLink().send(new Uint8Array(bytes));
      return 'sent';
    } catch (error) {
      return (error as { kind?: string }).kind ?? 'untyped';
    }
  },
  linkCount: () => links.size,
  statuses: () => statuses.map((s) => s.kind),
  closed: () => closed,
};

declare global {
  interface Window {
    webrtcTest: typeof webrtcTest;
  }
}

window.webrtcTest = webrtcTest;
document.querySelector('#state')!.textContent = 'ready';
