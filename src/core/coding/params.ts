// How a segment is cut into shards. Data shard i is bytes [i*shardSize, (i+1)*shardSize)
// of the segment (the last one zero-padded), so the origin can serve it as a byte range.

export interface CodingParams {
  /** Data shards: any k of the k+m shards rebuild the segment. */
  k: number;
  /** Parity shards. */
  m: number;
  /** Bytes per shard; k * shardSize >= segment length. */
  shardSize: number;
}
