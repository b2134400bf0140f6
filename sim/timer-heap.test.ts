import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap } from './timer-heap.ts';

describe('TimerHeap', () => {
  it('pops items in (time, insertion) order, through growth and interleaved pushes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 50 })), { maxLength: 3000 }),
        (ops) => {
          const heap = new TimerHeap<number>();
          const model: Array<{ at: number; seq: number }> = [];
          let seq = 0;
          for (const op of ops) {
            if (op < 0) {
              if (model.length === 0) continue;
              model.sort((a, b) => a.at - b.at || a.seq - b.seq);
              expect(heap.peekAt()).toBe(model[0]!.at);
              expect(heap.pop()).toBe(model.shift()!.seq);
            } else {
              heap.push(op / 4, seq, seq);
              model.push({ at: op / 4, seq: seq++ });
            }
          }
          expect(heap.size).toBe(model.length);
        },
      ),
    );
  });
});
