/*
 * Shoal wire protocol, version 1: one message per frame (a PeerLink frame is already
 * message-oriented, so there is no outer length prefix).
 *
 * Frame:  u8 version (= PROTOCOL_VERSION = 1) | u8 type tag | body
 *
 * Primitives
 *   u8, u32      fixed width, little-endian
 *   vu           unsigned LEB128 varint: at most 5 bytes, value <= 2^32-1, canonical (no
 *                trailing 0x00 group), each field further bounded as noted
 *   ref          SegmentRef: vu rendition (<= 0xFFFF) | vu sequence (<= 0xFFFFFFFF)
 *   id           u8 length (1..64) | that many printable-ASCII bytes (0x20..0x7E)
 *   indices      u8 count (1..255) | count x u8 shard index (<= 254), strictly ascending
 *   items        vu count | count x (ref | indices), no segment twice in a message
 *
 * tag  type        body
 *   1  hello       u8 maxVersion (>= 1) | id swarmId | id peerId | vu capabilities (<= 0xFFFF,
 *                  unknown bits kept) | vu maxShardSize (0 = not stated, else <= MAX_SHARD_BYTES)
 *   2  have        vu count (<= MAX_SEGMENTS_PER_HAVE) | count x (ref | u8 shardCount n (1..255) |
 *                  ceil(n/8) bitmap bytes, bit i = byte i>>3 bit i&7 (LSB first), bits >= n zero)
 *   3  have-delta  items added (count <= MAX_SEGMENTS_PER_HAVE) |
 *                  vu count (<= MAX_SEGMENTS_PER_HAVE) | count x ref dropped
 *   4  request     u32 requestId | items (1..MAX_REQUEST_ITEMS), in priority order |
 *                  optional vu withinMs (1..MAX_REQUEST_WITHIN_MS; only to REQUEST_DEADLINES peers)
 *   5  shard       u32 requestId | ref | u8 index (<= 254) | vu length (1..MAX_SHARD_BYTES) | payload
 *   6  cancel      u32 requestId | items (0 = the whole request, else 1..MAX_REQUEST_ITEMS)
 *   7  absent      u32 requestId | ref | indices | u8 reason (0 absent, 1 busy, 2 choked)
 *   8  bye         u8 reason (0 leaving, 1 protocol-error, 2 banned, 3 too-many-peers,
 *                  4 incompatible, 5 duplicate)
 *   9  totals      vu deliveredKB | vu fromPeersKB (<= deliveredKB): what the sender's player
 *                  received since its page loaded, in kB (1000 bytes); only to SHARES_TOTALS peers
 *  10  uplink      vu bytesPerSecond (u32): the sender's measured uplink rate, 0 if it does not
 *                  upload; only to SHARES_UPLINK peers
 *
 * Rules: a frame is at most MAX_FRAME_BYTES; it holds exactly one message (trailing bytes are an
 * error); every encoding is canonical, so decodeMessage accepts a frame only if
 * encodeMessage(decodeMessage(frame)) gives the same bytes. The decoder throws only
 * ProtocolError, checks each count against its limit and the bytes left before reading entries,
 * and returns a `shard` payload as a view into the frame (no copy). Any change to this table
 * is a new PROTOCOL_VERSION, except an addition older peers would reject that is sent only to
 * peers whose hello has a capability bit for it (withinMs, totals, uplink).
 */

export { decodeMessage } from './decode.ts';
export { encodeMessage } from './encode.ts';
