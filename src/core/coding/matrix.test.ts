import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identity, invert, multiply, selectRows, systematicGenerator } from './matrix.ts';

/** All k-subsets of [0, n). */
function* subsets(n: number, k: number, start = 0, picked: number[] = []): Generator<number[]> {
  if (picked.length === k) {
    yield [...picked];
    return;
  }
  for (let i = start; i < n; i++) yield* subsets(n, k, i + 1, [...picked, i]);
}

describe('systematic Vandermonde generator', () => {
  it('is the identity on top', () => {
    const g = systematicGenerator(5, 3);
    expect(Array.from(g.subarray(0, 25))).toEqual(Array.from(identity(5)));
  });

  it('matches the hand-computed 2+1 code: parity = 3·d0 + 2·d1', () => {
    // V rows [1,0],[1,1],[1,2]; top inverse = [[1,0],[1,1]]; [1,2]·inv = [1^2, 2] = [3, 2].
    expect(Array.from(systematicGenerator(2, 1))).toEqual([1, 0, 0, 1, 3, 2]);
  });

  it('is MDS: every k×k row selection is invertible (exhaustive for small codes)', () => {
    for (const [k, m] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 3],
      [6, 4],
      [8, 4],
    ] as const) {
      const g = systematicGenerator(k, m);
      for (const rows of subsets(k + m, k)) expect(invert(selectRows(g, k, rows), k)).not.toBeNull();
    }
  });

  it('is MDS for large codes on random selections', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (k, m, randoms) => {
          const g = systematicGenerator(k, m);
          const all = Array.from({ length: k + m }, (_, i) => i);
          const shuffled = all
            .map((i) => [randoms.next().value as number, i] as const)
            .sort((a, b) => a[0] - b[0]);
          const rows = shuffled.slice(0, k).map(([, i]) => i);
          const inverse = invert(selectRows(g, k, rows), k);
          expect(inverse).not.toBeNull();
          expect(Array.from(multiply(selectRows(g, k, rows), inverse!, k, k, k))).toEqual(
            Array.from(identity(k)),
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it('reports a singular matrix as null', () => {
    expect(invert(new Uint8Array([1, 2, 1, 2]), 2)).toBeNull();
  });
});
