import { describe, expect, it } from 'vitest';
import { Emitter } from './events.ts';

describe('Emitter', () => {
  it('delivers to every listener even when one throws, and reports the throw', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<{ tick: number }>((e) => errors.push(e));
    const seen: number[] = [];
    emitter.on('tick', () => {
      throw new Error('bad listener');
    });
    emitter.on('tick', (n) => seen.push(n));
    emitter.emit('tick', 7);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it('stops delivering after the returned unsubscribe is called', () => {
    const emitter = new Emitter<{ tick: number }>();
    const seen: number[] = [];
    const off = emitter.on('tick', (n) => seen.push(n));
    emitter.emit('tick', 1);
    off();
    emitter.emit('tick', 2);
    expect(seen).toEqual([1]);
  });
});
