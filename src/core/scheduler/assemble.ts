// Turning k verified shards back into the segment: a copy when every data shard is in (the code
// is systematic), a Reed-Solomon decode in the worker otherwise.

import type { SegmentInfo } from '../content/segment-info.ts';
import type { Coder } from '../ports.ts';

export async function assembleSegment(
  info: SegmentInfo,
  have: ReadonlyMap<number, Uint8Array>,
  coder: Coder,
): Promise<{ data: Uint8Array; rebuilt: boolean }> {
  const { k, shardSize } = info.params;
  let allData = true;
  for (let i = 0; i < k; i++) if (!have.has(i)) allData = false;
  if (allData) {
    const data = new Uint8Array(info.length);
    for (let i = 0; i < k; i++) {
      const start = i * shardSize;
      if (start >= data.length) break;
      data.set(have.get(i)!.subarray(0, Math.min(shardSize, data.length - start)), start);
    }
    return { data, rebuilt: false };
  }
  const shards = [...have].slice(0, k).map(([index, data]) => ({ index, data }));
  return { data: await coder.decode(shards, info.params, info.length), rebuilt: true };
}

/** [first, last] runs of consecutive indices: one HTTP range each. */
export function contiguousRuns(indices: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const i of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}
