// What peer delivery saved this viewer's origin, in bytes and in money at a CDN price per GB.

/** A typical CDN list price for the first terabytes of egress, US dollars per GB. */
export const DEFAULT_PRICE_PER_GB = 0.05;
/** CDN price sheets are per decimal gigabyte. */
export const BYTES_PER_GB = 1e9;

export interface Savings {
  /** Bytes that came from peers instead of the origin. */
  originBytesAvoided: number;
  dollarsSaved: number;
  /** Bytes this viewer uploaded to others: origin egress it spared them. */
  uploadBytes: number;
  dollarsGiven: number;
  /** Share of delivered bytes that came from peers; null before any byte. */
  p2pShare: number | null;
}

export function savings(
  bytes: { origin: number; peers: number; upload: number; passThrough: number },
  pricePerGB: number,
): Savings {
  const delivered = bytes.origin + bytes.passThrough + bytes.peers;
  return {
    originBytesAvoided: bytes.peers,
    dollarsSaved: (bytes.peers / BYTES_PER_GB) * pricePerGB,
    uploadBytes: bytes.upload,
    dollarsGiven: (bytes.upload / BYTES_PER_GB) * pricePerGB,
    p2pShare: delivered > 0 ? bytes.peers / delivered : null,
  };
}

/** A price typed by the viewer: a finite, non-negative number, or null to keep the old one. */
export function parsePrice(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : null;
}
