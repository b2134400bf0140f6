// The one hot operation both kernels implement: multiply a coefficient matrix by shard rows.
// Encoding applies the parity rows of the generator to the data shards; decoding applies
// rows of an inverted k×k submatrix to the k shards received. Everything else is shared.

export type KernelKind = 'wasm-simd' | 'ts';

export interface MatrixKernel {
  readonly kind: KernelKind;
  /**
   * Returns `rows` fresh arrays of `shardSize` bytes with
   * out[r][x] = XOR over j of coeffs[r * inputs.length + j] · inputs[j][x] in GF(2^8).
   * An input shorter than shardSize reads as zero-padded (the last data shard).
   * `cacheKey` names a coefficient matrix that will be seen again, so derived tables can be kept.
   */
  apply(
    coeffs: Uint8Array,
    rows: number,
    inputs: readonly Uint8Array[],
    shardSize: number,
    cacheKey: string | null,
  ): Uint8Array[];
}
