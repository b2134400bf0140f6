import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlLength, fromBase64Url, toBase64Url } from './base64url.ts';

describe('base64url', () => {
  it('matches Node Buffer and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(text.length).toBe(base64UrlLength(bytes.length));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it('rejects non-canonical and foreign text', () => {
    expect(fromBase64Url('A')).toBeNull(); // impossible length
    expect(fromBase64Url('AB')).toBeNull(); // stray low bits
    expect(fromBase64Url('AA==')).toBeNull(); // padding is not part of the form
    expect(fromBase64Url('A+/A')).toBeNull(); // base64, not base64url
    expect(fromBase64Url('AA\u00e9A')).toBeNull();
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
  });

  it('accepts only what it would produce', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const bytes = fromBase64Url(text);
        if (bytes) expect(toBase64Url(bytes)).toBe(text);
      }),
    );
  });
});
