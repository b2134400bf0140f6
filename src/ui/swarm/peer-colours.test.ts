import { describe, expect, it } from 'vitest';
import { letterFor, PEER_PALETTE, PeerColours } from './peer-colours.ts';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('PeerColours', () => {
  it('gives each peer a stable colour and letter, in order of first sight', () => {
    const colours = new PeerColours();
    const a = colours.mark('peer-a');
    const b = colours.mark('peer-b');
    expect(a).toEqual({ colour: PEER_PALETTE[0], letter: 'A' });
    expect(b).toEqual({ colour: PEER_PALETTE[1], letter: 'B' });
    expect(colours.mark('peer-a')).toEqual(a);
    expect(colours.all().map(([id]) => id)).toEqual(['peer-a', 'peer-b']);
  });

  it('keeps letters unique after the palette repeats', () => {
    const colours = new PeerColours();
    const marks = Array.from({ length: 60 }, (_, i) => colours.mark(`p${i}`));
    expect(new Set(marks.map((m) => m.letter)).size).toBe(60);
    expect(marks[PEER_PALETTE.length]!.colour).toBe(PEER_PALETTE[0]);
  });

  it('spells letters like spreadsheet columns', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(letterFor)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('keeps every colour readable under dark cell text and distinct from the panel (WCAG)', () => {
    for (const colour of PEER_PALETTE) {
      expect(contrast(colour, '#0e1116')).toBeGreaterThanOrEqual(7);
      expect(contrast(colour, '#161b22')).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(PEER_PALETTE).size).toBe(PEER_PALETTE.length);
  });
});
