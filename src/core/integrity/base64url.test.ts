import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlLength, fromBase64Url, isBase64UrlOf, toBase64Url } from './base64url.ts';

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

  it('isBase64UrlOf agrees with comparing toBase64Url strings', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.nat(40),
        fc.oneof(fc.string({ maxLength: 56 }), fc.uint8Array({ maxLength: 40 }).map(toBase64Url)),
        (bytes, cut, other) => {
          const length = Math.min(cut, bytes.length);
          const text = toBase64Url(bytes.subarray(0, length));
          expect(isBase64UrlOf(text, bytes, length)).toBe(true);
          expect(isBase64UrlOf(other, bytes, length)).toBe(other === text);
          if (text.length > 0) {
            const last = text.charCodeAt(text.length - 1);
            const changed = text.slice(0, -1) + String.fromCharCode(last === 65 ? 66 : 65);
            expect(isBase64UrlOf(changed, bytes, length)).toBe(false);
          }
        },
      ),
    );
    expect(isBase64UrlOf('AA', new Uint8Array(0), 1)).toBe(false);
  });
});
