// Two viewers offer to each other at once through a tracker, which hands each offer to the other.
// Every order in which the four signaling messages, the links' opening and the closes of dropped
// links can arrive is explored: both ends must keep the same one link, and no link that opened
// may be closed (the network has already handed it to the swarm).

import { describe, expect, it } from 'vitest';
import { chooseLink, type LinkRole } from './link-choice.ts';

type Side = 'a' | 'b';
/** Link x is a's offer, link y is b's. */
type LinkName = 'x' | 'y';
const other = (side: Side): Side => (side === 'a' ? 'b' : 'a');

interface Entry {
  link: LinkName;
  role: LinkRole;
  open: boolean;
}

interface World {
  /** Each end's link to the other, as its pool holds it. */
  entries: Record<Side, Entry | undefined>;
  /** Messages and events still to arrive, as `kind-side-link`. */
  pending: string[];
  /** Links closed after they opened: what must never happen. */
  openClosed: string[];
}

function step(world: World, ids: Record<Side, string>, event: string): World {
  const next: World = {
    entries: { ...world.entries },
    pending: world.pending.filter((e) => e !== event),
    openClosed: [...world.openClosed],
  };
  const drop = (side: Side, link: LinkName, reason: string) => {
    const entry = next.entries[side];
    if (entry?.link === link) {
      if (entry.open) next.openClosed.push(`${side}:${link} ${reason}`);
      next.entries[side] = undefined;
    }
    // The other end hears of it later, if it holds the link at all.
    next.pending.push(`close-${other(side)}-${link}`);
  };
  const adopt = (side: Side, link: LinkName, role: LinkRole): boolean => {
    const existing = next.entries[side];
    const choice = chooseLink(ids[side], ids[other(side)], existing, role, existing ? 1 : 0, 10);
    if (choice === 'reject') return false;
    if (choice === 'replace' && existing) drop(side, existing.link, 'replaced');
    next.entries[side] = { link, role, open: false };
    return true;
  };
  const [kind, sideName, linkName] = event.split('-') as [string, Side, LinkName];
  if (kind === 'offer') {
    // The answerer decides when the offer arrives; an answer goes back only if it adopted.
    if (adopt(sideName, linkName, 'answerer')) next.pending.push(`answer-${other(sideName)}-${linkName}`);
  } else if (kind === 'answer') {
    // The offerer applies the answer only if it adopted: then each end may see the link open.
    if (adopt(sideName, linkName, 'offerer')) next.pending.push(`open-a-${linkName}`, `open-b-${linkName}`);
    else drop(sideName, linkName, 'rejected');
  } else if (kind === 'open') {
    const entry = next.entries[sideName];
    const peerEntry = next.entries[other(sideName)];
    // A connection opens only while both ends still hold it.
    if (entry?.link === linkName && peerEntry?.link === linkName) entry.open = true;
    next.entries[sideName] = entry && { ...entry };
  } else if (kind === 'close') {
    const entry = next.entries[sideName];
    if (entry?.link === linkName) {
      if (entry.open) next.openClosed.push(`${sideName}:${linkName} closed by peer`);
      next.entries[sideName] = undefined;
    }
  }
  return next;
}

/** Every end state reachable from both offers in flight, with the path that led there. */
function explore(ids: Record<Side, string>): { world: World; path: string[] }[] {
  const ends: { world: World; path: string[] }[] = [];
  const start: World = {
    entries: { a: undefined, b: undefined },
    pending: ['offer-b-x', 'offer-a-y'],
    openClosed: [],
  };
  const walk = (world: World, path: string[]) => {
    if (world.pending.length === 0) return void ends.push({ world, path });
    for (const event of new Set(world.pending)) walk(step(world, ids, event), [...path, event]);
  };
  walk(start, []);
  return ends;
}

describe('chooseLink under simultaneous offers', () => {
  for (const [label, ids] of [
    ['a has the lower id', { a: '1'.repeat(40), b: 'f'.repeat(40) }],
    ['b has the lower id', { a: 'f'.repeat(40), b: '1'.repeat(40) }],
  ] as const) {
    it(`ends with one open link on both ends and closes nothing open (${label})`, () => {
      const ends = explore(ids);
      expect(ends.length).toBeGreaterThan(100);
      for (const { world, path } of ends) {
        const where = path.join(' ');
        expect(world.openClosed, where).toEqual([]);
        expect(world.entries.a, where).toBeDefined();
        expect(world.entries.a?.link, where).toBe(world.entries.b?.link);
        expect(world.entries.a?.open && world.entries.b?.open, where).toBe(true);
      }
    });
  }

  it('answers no offer from a peer it already holds a link to, open or not', () => {
    const [low, high] = ['1'.repeat(40), 'f'.repeat(40)];
    for (const role of ['offerer', 'answerer'] as const)
      for (const open of [false, true]) {
        expect(chooseLink(low, high, { role, open }, 'answerer', 1, 10)).toBe('reject');
        expect(chooseLink(high, low, { role, open }, 'answerer', 1, 10)).toBe('reject');
      }
    expect(chooseLink(low, low, undefined, 'offerer', 0, 10)).toBe('reject');
    expect(chooseLink(low, high, undefined, 'answerer', 9, 10)).toBe('accept');
    expect(chooseLink(low, high, undefined, 'answerer', 10, 10)).toBe('reject');
  });
});
