// Every bound the codec enforces, in one place. Peers reject frames that exceed them, so changing
// one is a protocol change: bump PROTOCOL_VERSION.

/** The first byte of every frame. */
export const PROTOCOL_VERSION = 1;

/** Largest shard payload a `shard` frame may carry (256 KiB). */
export const MAX_SHARD_BYTES = 256 * 1024;

/** Largest frame: a maximal shard plus room for its header (and any other message). */
export const MAX_FRAME_BYTES = MAX_SHARD_BYTES + 1024;

/** k + m of any segment: shard indices are 0..254 so the count fits in one byte. */
export const MAX_SHARDS_PER_SEGMENT = 255;

/** Highest valid shard index. */
export const MAX_SHARD_INDEX = MAX_SHARDS_PER_SEGMENT - 1;

/** Segments in one `have` (and in each list of a `have-delta`). */
export const MAX_SEGMENTS_PER_HAVE = 4096;

/** (segment, indices) items in one `request`, `cancel`. */
export const MAX_REQUEST_ITEMS = 256;

/** Longest swarm id or peer id, in bytes (printable ASCII, so also characters). */
export const MAX_STRING_BYTES = 64;

/** Largest rendition index (u16) and media sequence number (u32). */
export const MAX_RENDITION = 0xffff;
export const MAX_SEQUENCE = 0xffff_ffff;

/** Longest `request.withinMs`: ten minutes. */
export const MAX_REQUEST_WITHIN_MS = 600_000;

/** Request ids are u32. */
export const MAX_REQUEST_ID = 0xffff_ffff;

/** Capability flags are a u16 bit set; unknown bits are carried through untouched. */
export const MAX_CAPABILITIES = 0xffff;
