// The WebTorrent tracker's WebSocket protocol (JSON), as spoken by bittorrent-tracker's server:
//   we send   {action:'announce', info_hash, peer_id, numwant, uploaded, downloaded, left, event?, offers:[{offer, offer_id}]}
//   it relays {action:'announce', info_hash, peer_id, offer:{type:'offer', sdp}, offer_id}  to other peers
//   we answer {action:'announce', info_hash, peer_id, to_peer_id, answer:{type:'answer', sdp}, offer_id}
//   it relays {action:'announce', info_hash, peer_id, answer, offer_id}  back to the offerer
//   replies   {action:'announce', info_hash, interval, complete, incomplete}  or  {'failure reason'}
//   we scrape {action:'scrape', info_hash}  (the swarm's size without joining it)
//   it replies {action:'scrape', files:{[info_hash]:{complete, incomplete, downloaded}}}
// Everything from the tracker is untrusted: parseTrackerMessage validates it and returns null
// for anything it does not understand, and never throws.

import { isBinaryString } from './ids.ts';

/** An SDP blob this large is not a data-channel offer. */
export const MAX_SDP_CHARS = 64 * 1024;
const MAX_MESSAGE_CHARS = 256 * 1024;
const MAX_OFFER_ID_CHARS = 64;
const MAX_REASON_CHARS = 500;

export type TrackerEvent = 'started' | 'completed' | 'stopped';

export type TrackerMessage =
  | { kind: 'offer'; peerId: string; offerId: string; sdp: string }
  | { kind: 'answer'; peerId: string; offerId: string; sdp: string }
  | { kind: 'reply'; intervalSeconds: number | null; complete: number; incomplete: number }
  | { kind: 'count'; complete: number; incomplete: number }
  | { kind: 'failure'; reason: string };

export interface AnnounceRequest {
  infoHash: string;
  peerId: string;
  event?: TrackerEvent;
  offers: { offerId: string; sdp: string }[];
}

export function encodeAnnounce(request: AnnounceRequest): string {
  return JSON.stringify({
    action: 'announce',
    info_hash: request.infoHash,
    peer_id: request.peerId,
    numwant: request.offers.length,
    uploaded: 0,
    downloaded: 0,
    // Every viewer is a leecher: the tracker then relays offers among all of them.
    left: 1,
    event: request.event,
    offers: request.offers.map((o) => ({ offer: { type: 'offer', sdp: o.sdp }, offer_id: o.offerId })),
  });
}

export function encodeScrape(infoHash: string): string {
  return JSON.stringify({ action: 'scrape', info_hash: infoHash });
}

export function encodeAnswer(
  infoHash: string,
  peerId: string,
  toPeerId: string,
  offerId: string,
  sdp: string,
): string {
  return JSON.stringify({
    action: 'announce',
    info_hash: infoHash,
    peer_id: peerId,
    to_peer_id: toPeerId,
    answer: { type: 'answer', sdp },
    offer_id: offerId,
  });
}

/**
 * Parses one tracker message for the swarm `infoHash`; `selfPeerId` filters our own echoes.
 * Returns null for malformed, foreign or irrelevant messages.
 */
export function parseTrackerMessage(
  text: unknown,
  infoHash: string,
  selfPeerId: string,
): TrackerMessage | null {
  if (typeof text !== 'string' || text.length > MAX_MESSAGE_CHARS) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const message = data as Record<string, unknown>;
  // A scrape is only a hint: a tracker that refuses it (or lacks it) is not failing.
  if (message.action === 'scrape') return parseScrape(message.files, infoHash);
  const failure = message['failure reason'];
  if (failure !== undefined) {
    if (message.info_hash !== undefined && message.info_hash !== infoHash) return null;
    // The protocol sends a string; anything else (an object with a hostile toString) gets a plain word.
    const reason = typeof failure === 'string' ? failure : 'the tracker refused (no reason given)';
    return { kind: 'failure', reason: reason.slice(0, MAX_REASON_CHARS) };
  }
  if (message.action !== 'announce' || message.info_hash !== infoHash) return null;
  if (message.offer !== undefined) return parseSignal(message, 'offer', selfPeerId);
  if (message.answer !== undefined) return parseSignal(message, 'answer', selfPeerId);
  const interval = message.interval;
  return {
    kind: 'reply',
    intervalSeconds: isCount(interval) && interval > 0 ? interval : null,
    complete: isCount(message.complete) ? message.complete : 0,
    incomplete: isCount(message.incomplete) ? message.incomplete : 0,
  };
}

function parseScrape(files: unknown, infoHash: string): TrackerMessage | null {
  if (typeof files !== 'object' || files === null || !Object.hasOwn(files, infoHash)) return null;
  const entry = (files as Record<string, unknown>)[infoHash];
  if (typeof entry !== 'object' || entry === null) return null;
  const { complete, incomplete } = entry as Record<string, unknown>;
  return {
    kind: 'count',
    complete: isCount(complete) ? complete : 0,
    incomplete: isCount(incomplete) ? incomplete : 0,
  };
}

function parseSignal(
  message: Record<string, unknown>,
  type: 'offer' | 'answer',
  selfPeerId: string,
): TrackerMessage | null {
  const { peer_id: peerId, offer_id: offerId } = message;
  if (!isBinaryString(peerId) || peerId === selfPeerId) return null;
  if (typeof offerId !== 'string' || offerId.length === 0 || offerId.length > MAX_OFFER_ID_CHARS) return null;
  const description = message[type];
  if (typeof description !== 'object' || description === null) return null;
  const { type: sdpType, sdp } = description as Record<string, unknown>;
  if (sdpType !== type || typeof sdp !== 'string' || sdp.length === 0 || sdp.length > MAX_SDP_CHARS)
    return null;
  return { kind: type, peerId, offerId, sdp };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
