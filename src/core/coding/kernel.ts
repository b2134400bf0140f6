// The one hot operation both kernels implement: multiply a coefficient matrix by shard rows.
// Encoding applies the parity rows of the generator to the data shards; decoding applies
// rows of an inverted k×k submatrix to the k shards received. Everything else is shared.

export type KernelKind = 'wasm-simd' | 'ts';

export interface MatrixKernel {
  readonly kind: KernelKind;
  /**
   * Writes out[r][x] = XOR over j of coeffs[r * inputs.length + j] · inputs[j][x] in GF(2^8)
   * into outputs[r], for x < min(shardSize, outputs[r].length): a caller may pass a view into a
   * segment clipped at its end. An input shorter than shardSize reads as zero-padded.
   * `cacheKey` names a coefficient matrix that will be seen again, so derived tables can be kept.
   */
  apply(
    coeffs: Uint8Array,
    inputs: readonly Uint8Array[],
    outputs: readonly Uint8Array[],
    shardSize: number,
    cacheKey: string | null,
  ): void;
  /**
   * A region of `bytes` bytes this kernel can code in place (no copy in or out), for calls with
   * at most `maxInputs` inputs and `maxOutputs` outputs. Its `bytes` view never changes.
   */
  createArena(bytes: number, maxInputs: number, maxOutputs: number): Promise<KernelArena>;
}

/** Memory a kernel codes in place: shards are given as byte offsets into `bytes`. */
export interface KernelArena {
  readonly bytes: Uint8Array;
  /** As MatrixKernel.apply, on the shardSize-byte shards at these offsets (outputs apart from inputs). */
  apply(
    coeffs: Uint8Array,
    inputAt: readonly number[],
    outputAt: readonly number[],
    shardSize: number,
    cacheKey: string | null,
  ): void;
}
