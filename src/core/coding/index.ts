// Public API of the erasure coding core.

import { createCoder, type ErasureCoder } from './coder.ts';
import { createTsKernel } from './ts-kernel.ts';
import { createSimdKernel, simdSupported } from './wasm/simd-kernel.ts';

export type { CodingArena } from './arena.ts';
export type { ErasureCoder, ShardInput } from './coder.ts';
export { CodingError, type CodingErrorKind } from './errors.ts';
export type { KernelKind } from './kernel.ts';
export {
  type ChooseParamsOptions,
  type CodingParams,
  checkSegmentFits,
  chooseParams,
  DEFAULT_MAX_SHARDS,
  DEFAULT_MIN_SHARD_SIZE,
  MAX_SEGMENT_LENGTH,
  MAX_TOTAL_SHARDS,
  validateParams,
} from './params.ts';
export { simdSupported } from './wasm/simd-kernel.ts';

export interface CreateErasureCoderOptions {
  /** 'wasm' (default) uses WebAssembly SIMD where supported, else the TypeScript kernel. */
  prefer?: 'wasm' | 'ts';
}

/** Creates a coder; both kernels produce byte-identical shards, so peers may mix them freely. */
export async function createErasureCoder(options: CreateErasureCoderOptions = {}): Promise<ErasureCoder> {
  if (options.prefer !== 'ts' && simdSupported()) {
    try {
      return createCoder(await createSimdKernel());
    } catch {
      // Instantiation can still fail (e.g. a CSP without wasm-unsafe-eval): fall back.
    }
  }
  return createCoder(createTsKernel());
}
