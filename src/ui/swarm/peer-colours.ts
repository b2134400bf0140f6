// A stable colour and letter per peer id, in order of first sight. The letter is the text label
// that carries the same information as the colour (for colour-blind viewers and screen readers).

/** Light tones readable with dark text (#0e1116) at over 7:1, kept clear of origin orange and bad red. */
export const PEER_PALETTE = [
  '#3fb950',
  '#58a6ff',
  '#d2a8ff',
  '#39c5cf',
  '#e3b341',
  '#ff9bce',
  '#a5d6ff',
  '#aff5b4',
  '#b392f0',
  '#79c0ff',
] as const;

export interface PeerMark {
  colour: string;
  /** A, B, ... Z, AA, AB, ...: unique even after the palette repeats. */
  letter: string;
}

export function letterFor(n: number): string {
  let out = '';
  let i = n;
  do {
    out = String.fromCharCode(65 + (i % 26)) + out;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return out;
}

export class PeerColours {
  private readonly marks = new Map<string, PeerMark>();

  mark(peerId: string): PeerMark {
    let mark = this.marks.get(peerId);
    if (!mark) {
      const n = this.marks.size;
      mark = { colour: PEER_PALETTE[n % PEER_PALETTE.length]!, letter: letterFor(n) };
      this.marks.set(peerId, mark);
    }
    return mark;
  }

  /** Every peer seen so far, in order of first sight. */
  all(): Array<[peerId: string, mark: PeerMark]> {
    return [...this.marks];
  }
}
