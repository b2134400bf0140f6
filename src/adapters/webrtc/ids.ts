// Identifiers on the WebTorrent tracker wire: 20-byte values sent as "binary strings"
// (one char per byte, code points 0-255), shown to the rest of Shoal as 40 hex chars.

import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export const ID_BYTES = 20;

export function bytesToBinaryString(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

/** True for a string of exactly `length` chars, each a byte. */
export function isBinaryString(value: unknown, length: number = ID_BYTES): value is string {
  if (typeof value !== 'string' || value.length !== length) return false;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0xff) return false;
  return true;
}

export function binaryStringToHex(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += value.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

/** The tracker's info_hash of a swarm: SHA-1 of its id, like a torrent's. */
export function infoHashOf(swarmId: string): string {
  return bytesToBinaryString(sha1(utf8ToBytes(swarmId)));
}

/**
 * The 20-byte tracker peer_id of `selfId`. A self id of 40 hex chars is used as is, so the
 * remote side's `PeerLink.remoteId` equals that peer's own self id; any other string is hashed
 * (then remoteId is the hex of the hash).
 */
export function peerIdOf(selfId: string): string {
  if (/^[0-9a-f]{40}$/.test(selfId)) return bytesToBinaryString(hexToBytes(selfId));
  return bytesToBinaryString(sha1(utf8ToBytes(`shoal-peer:${selfId}`)));
}

/** `PeerLink.remoteId` for a tracker peer_id. */
export function remoteIdOf(peerId: string): string {
  return binaryStringToHex(peerId);
}

/** A fresh random offer id (20 bytes, binary string), as WebTorrent clients make them. */
export function randomOfferId(): string {
  return bytesToBinaryString(randomBytes(ID_BYTES));
}

export function randomSelfId(): string {
  return bytesToHex(randomBytes(ID_BYTES));
}
