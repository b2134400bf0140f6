// Virtual links between viewers. Every viewer has an uplink and a downlink with their own
// bandwidth and a FIFO queue each: a frame leaves when the sender's uplink is free, and lands
// when the receiver's downlink has taken it, so its arrival honours both queues and the
// latency. Payload bytes are charged `scale` times their real size (see content.ts).

import type { PeerLink } from '../src/core/ports.ts';
import type { EventClock, Task } from './event-clock.ts';

/** One viewer's access link. Rates in virtual bytes per ms. */
export interface NetNode {
  readonly id: string;
  upBytesPerMs: number;
  downBytesPerMs: number;
  /** One-way latency to the internet core, ms. */
  latencyMs: number;
  /** Behind a NAT that cannot reach another such NAT without a relay. */
  restricted: boolean;
  upFreeAt: number;
  downFreeAt: number;
  online: boolean;
  /** Open peer links, and ids linked or being linked (no duplicate attempts). */
  links: Set<SimLink>;
  linkedIds: Set<string>;
  /** Virtual bytes sent and received over peer links. */
  bytesUp: number;
  bytesDown: number;
}

export function makeNode(
  id: string,
  up: number,
  down: number,
  latencyMs: number,
  restricted: boolean,
): NetNode {
  return {
    id,
    upBytesPerMs: up,
    downBytesPerMs: down,
    latencyMs,
    restricted,
    upFreeAt: 0,
    downFreeAt: 0,
    online: true,
    links: new Set(),
    linkedIds: new Set(),
    bytesUp: 0,
    bytesDown: 0,
  };
}

/** What the links counted: the simulator's conservation invariants are checked on these. */
export class NetMeter {
  framesSent = 0;
  framesDelivered = 0;
  framesLost = 0;
  bytesSent = 0;
  bytesDelivered = 0;
  bytesLost = 0;
  /** Frames that arrived sooner than their transfer could have taken (must stay 0). */
  earlyArrivals = 0;
}

const SHARD_TAG = 5;
/** Backpressure: onDrain fires once bufferedBytes() falls to this (a browser link's low water). */
const DRAIN_LOW_WATER = 256 * 1024;
const DRAIN_CHECK_ABOVE = 512 * 1024;

/** A frame of this link not yet fully sent: its `cost` (virtual bytes) leaves evenly from `start` to `depart`. */
interface Unsent {
  start: number;
  depart: number;
  cost: number;
}

/** Virtual bytes of a frame: its header as is, a shard payload `scale` times over. */
export function frameCost(frame: Uint8Array, scale: number): number {
  if (scale === 1 || frame.length < 2 || frame[1] !== SHARD_TAG) return frame.length;
  // shard: version, tag, u32 requestId, varuint rendition, varuint sequence, u8 index, varuint length, payload
  let at = 6;
  at = skipVarUint(frame, at);
  at = skipVarUint(frame, at);
  at += 1;
  at = skipVarUint(frame, at);
  const payload = frame.length - at;
  return at + payload * scale;
}

function skipVarUint(frame: Uint8Array, at: number): number {
  while (at < frame.length && frame[at]! & 0x80) at++;
  return at + 1;
}

/**
 * A frame on its way: it runs when it reaches the receiver's downlink, and again, if that
 * downlink is busy, once it has crossed it. The downlink is taken when the frame reaches it, not
 * when it was sent, so a frame stuck in a slow uplink does not hold the receiver's downlink meanwhile.
 */
class Flight implements Task {
  private reached = false;

  constructor(
    private readonly to: SimLink,
    private readonly frame: Uint8Array,
    private readonly cost: number,
    /** When its first byte could reach the receiver. */
    private readonly firstByteAt: number,
    /** The soonest it can be delivered (the invariant checked on arrival). */
    private readonly earliest: number,
    private readonly remote: NetNode,
    private readonly clock: EventClock,
    private readonly meter: NetMeter,
  ) {}

  run(): void {
    if (!this.reached) {
      this.reached = true;
      const reached = this.clock.now();
      const remote = this.remote;
      const start = Math.max(remote.downFreeAt, this.firstByteAt);
      const end = Math.max(reached, start + this.cost / remote.downBytesPerMs);
      remote.downFreeAt = end;
      if (end > reached) {
        this.clock.schedule(end - reached, this);
        return;
      }
    }
    this.deliver();
  }

  private deliver(): void {
    const { meter, cost, to } = this;
    if (to.closed || !to.onFrame) {
      meter.framesLost += 1;
      meter.bytesLost += cost;
      return;
    }
    if (this.clock.now() < this.earliest - 1e-6) meter.earlyArrivals += 1;
    meter.framesDelivered += 1;
    meter.bytesDelivered += cost;
    this.remote.bytesDown += cost;
    to.onFrame(this.frame);
  }
}

export class SimLink implements PeerLink {
  other: SimLink | null = null;
  closed = false;
  onFrame: ((frame: Uint8Array) => void) | null = null;
  onClose: ((reason: string) => void) | null = null;
  onDrain: (() => void) | null = null;
  private lastDepart = 0;
  private drainCheck = false;
  /** This link's own frames still on the uplink, in departure order. */
  private readonly unsent: Unsent[] = [];

  constructor(
    readonly remoteId: string,
    private readonly local: NetNode,
    private readonly remote: NetNode,
    private readonly clock: EventClock,
    private readonly meter: NetMeter,
    private readonly scale: number,
  ) {}

  send(frame: Uint8Array): boolean {
    if (this.closed || !this.other) return false;
    const now = this.clock.now();
    const cost = frameCost(frame, this.scale);
    const local = this.local;
    const remote = this.remote;
    const latency = local.latencyMs + remote.latencyMs;
    let sendStart: number;
    let depart: number;
    if (frame.length > 1 && frame[1] === SHARD_TAG) {
      // A shard: it waits for the uplink, shared by every link of this viewer, in FIFO order.
      sendStart = Math.max(local.upFreeAt, now);
      depart = Math.max(sendStart + cost / local.upBytesPerMs, this.lastDepart);
      local.upFreeAt = depart;
    } else {
      // A control frame: congestion control keeps the uplink queue short, so it only waits
      // behind earlier frames of its own ordered channel.
      sendStart = now;
      depart = Math.max(now + cost / local.upBytesPerMs, this.lastDepart);
    }
    this.lastDepart = depart;
    // A scaled control frame would count cost / scale, a fraction of a byte: not worth a record.
    if (this.scale === 1 || frame[1] === SHARD_TAG)
      this.unsent.push({ start: depart - cost / local.upBytesPerMs, depart, cost });
    local.bytesUp += cost;
    const meter = this.meter;
    meter.framesSent += 1;
    meter.bytesSent += cost;
    const earliest = now + latency + cost / Math.min(local.upBytesPerMs, remote.downBytesPerMs);
    const flight = new Flight(
      this.other,
      frame,
      cost,
      sendStart + latency,
      earliest,
      remote,
      this.clock,
      meter,
    );
    this.clock.schedule(depart + latency - now, flight);
    if (!this.drainCheck && this.bufferedBytes() > DRAIN_CHECK_ABOVE) this.watchDrain();
    return true;
  }

  /**
   * This link's own bytes not yet sent (other links' frames ahead on the shared uplink are not
   * included, as in a browser's bufferedAmount), in the engine's units: virtual bytes / scale.
   * A shard then counts its real size, as the engine sees it, and a control frame next to
   * nothing: in the deployment the sim stands for, shards are `scale` times larger than control
   * frames are here.
   */
  bufferedBytes(): number {
    const now = this.clock.now();
    const unsent = this.unsent;
    // Most of the time everything has left (the uploader asks of every link on each pump).
    if (this.lastDepart <= now) {
      if (unsent.length > 0) unsent.length = 0;
      return 0;
    }
    while (unsent.length > 0 && unsent[0]!.depart <= now) unsent.shift();
    let total = 0;
    for (const f of unsent)
      total += now <= f.start ? f.cost : (f.cost * (f.depart - now)) / (f.depart - f.start);
    return total / this.scale;
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.local.links.delete(this);
    this.local.linkedIds.delete(this.remoteId);
    this.onClose?.(reason);
    const other = this.other;
    if (other && !other.closed)
      this.clock.setTimer(this.local.latencyMs + this.remote.latencyMs, () => other.close('remote closed'));
  }

  private watchDrain(): void {
    this.drainCheck = true;
    // Checked again halfway to the last departure until the buffer is low.
    this.clock.setTimer(Math.max((this.lastDepart - this.clock.now()) / 2, 1), () => {
      this.drainCheck = false;
      if (this.closed) return;
      if (this.bufferedBytes() > DRAIN_LOW_WATER + 1) return this.watchDrain();
      this.onDrain?.();
    });
  }
}

/** Opens a link pair between two nodes (the caller hands each end to its engine). */
export function connect(
  a: NetNode,
  b: NetNode,
  clock: EventClock,
  meter: NetMeter,
  scale: number,
): [SimLink, SimLink] {
  const ab = new SimLink(b.id, a, b, clock, meter, scale);
  const ba = new SimLink(a.id, b, a, clock, meter, scale);
  ab.other = ba;
  ba.other = ab;
  a.links.add(ab);
  b.links.add(ba);
  return [ab, ba];
}
