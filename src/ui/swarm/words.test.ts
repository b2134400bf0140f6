import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatMoney, formatPercent, formatRate, shortId } from './format.ts';
import { statusWords } from './status-words.ts';

describe('format', () => {
  it('writes sizes and rates in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.50 KB');
    expect(formatBytes(150_000)).toBe('150 KB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatRate(2_000_000)).toBe('2.00 MB/s');
  });

  it('writes ages, ids, money and shares', () => {
    expect(formatAge(59_999)).toBe('59 s');
    expect(formatAge(185_000)).toBe('3 min 05 s');
    expect(formatAge(3_720_000)).toBe('1 h 02 min');
    expect(shortId('0123456789abcdef')).toBe('01234567');
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(0.000_071)).toBe('$0.00007');
    expect(formatMoney(0.015)).toBe('$0.015');
    expect(formatMoney(12.5)).toBe('$12.50');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0.756)).toBe('76 %');
  });
});

describe('statusWords', () => {
  it('says why P2P is off', () => {
    expect(statusWords({ enabled: false, reason: 'no WebRTC in this browser' }, null, 0)).toEqual({
      tone: 'off',
      text: 'P2P is off: no WebRTC in this browser. Every byte comes from the origin.',
    });
  });

  it('names the tracker state and the peer count when on', () => {
    expect(
      statusWords({ enabled: true, reason: null }, { kind: 'online', detail: '1 tracker(s)' }, 1).text,
    ).toBe('P2P is on · peer network online (1 tracker(s)) · 1 peer connected.');
    const warn = statusWords({ enabled: true, reason: null }, { kind: 'offline', detail: 'refused' }, 0);
    expect(warn).toEqual({
      tone: 'warn',
      text: 'P2P is on · tracker unreachable: refused · 0 peers connected.',
    });
    expect(statusWords({ enabled: true, reason: null }, { kind: 'connecting' }, 2).tone).toBe('on');
  });
});
