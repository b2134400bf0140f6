// HLS attribute lists (RFC 8216 §4.2): NAME=value pairs, values quoted or not, comma-separated.

import { PlaylistError } from './errors.ts';

export function parseAttributes(text: string, line: number): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new PlaylistError('bad-tag', line, 'attribute without "="');
    const name = text.slice(i, eq).trim();
    if (!/^[A-Z0-9-]+$/.test(name))
      throw new PlaylistError('bad-tag', line, `bad attribute name "${name.slice(0, 40)}"`);
    let value: string;
    if (text[eq + 1] === '"') {
      const close = text.indexOf('"', eq + 2);
      if (close < 0) throw new PlaylistError('bad-tag', line, `unterminated quoted value of ${name}`);
      value = text.slice(eq + 2, close);
      i = close + 1;
      if (i < text.length && text[i] !== ',') throw new PlaylistError('bad-tag', line, `junk after ${name}`);
    } else {
      const comma = text.indexOf(',', eq + 1);
      const end = comma < 0 ? text.length : comma;
      value = text.slice(eq + 1, end).trim();
      i = end;
    }
    out[name] = value;
    i++; // skip the comma
  }
  return out;
}

/** `<length>[@<offset>]`; offset null when absent. */
export function parseByteRangeSpec(text: string, line: number): { length: number; offset: number | null } {
  const match = /^(\d{1,15})(?:@(\d{1,15}))?$/.exec(text.trim());
  if (!match) throw new PlaylistError('bad-tag', line, `bad byte range "${text.slice(0, 40)}"`);
  const length = Number(match[1]);
  if (length < 1) throw new PlaylistError('bad-tag', line, 'empty byte range');
  return { length, offset: match[2] === undefined ? null : Number(match[2]) };
}
