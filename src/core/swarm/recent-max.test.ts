import { describe, expect, it } from 'vitest';
import { RecentMax } from './recent-max.ts';

describe('RecentMax', () => {
  it('keeps the largest value for at least half its window and at most all of it', () => {
    const max = new RecentMax(1000);
    expect(max.value(0)).toBe(0);
    max.note(3, 100);
    max.note(2, 400);
    expect(max.value(499)).toBe(3);
    expect(max.value(999)).toBe(3); // the next bucket still sees the previous one
    max.note(1, 1000);
    expect(max.value(1000)).toBe(1); // the first bucket is two behind: forgotten
    expect(max.value(2600)).toBe(0);
  });
});
