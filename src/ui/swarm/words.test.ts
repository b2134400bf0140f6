import { describe, expect, it } from 'vitest';
import { NO_NETWORK, networkAdvice, p2pOffAdvice } from './advice.ts';
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
  it('says why P2P is off and what to do', () => {
    expect(statusWords({ enabled: false, reason: 'no WebRTC in this browser' }, null, 0)).toEqual({
      tone: 'off',
      text: 'P2P is off: no WebRTC in this browser. Every byte comes from the origin.',
      advice: 'Reload the page to try again.',
    });
    const none = statusWords({ enabled: false, reason: null }, null, 0);
    expect(none.text).toBe(`P2P is off: ${NO_NETWORK}. Every byte comes from the origin.`);
    expect(none.advice).toContain('tracker=wss://');
  });

  it('names the tracker state and the peer count when on', () => {
    const on = statusWords({ enabled: true, reason: null }, { kind: 'online', detail: '1 tracker(s)' }, 1);
    expect(on).toEqual({
      tone: 'on',
      text: 'P2P is on · peer network online (1 tracker(s)) · 1 peer connected.',
      advice: null,
    });
    const warn = statusWords(
      { enabled: true, reason: null },
      { kind: 'offline', detail: 'tracker: offline (refused)' },
      0,
    );
    expect(warn.tone).toBe('warn');
    expect(warn.text).toBe(
      'P2P is on · tracker unreachable: tracker: offline (refused) · 0 peers connected.',
    );
    expect(warn.advice).toMatch(/^The video keeps playing from the origin\. Check the tracker address/);
    expect(statusWords({ enabled: true, reason: null }, { kind: 'connecting' }, 2)).toMatchObject({
      tone: 'on',
      advice: null,
    });
  });
});

describe('advice', () => {
  it('gives every P2P-off reason something to do', () => {
    expect(p2pOffAdvice('P2P is turned off')).toBe('Turn it on with the P2P switch under the video.');
    expect(p2pOffAdvice('no Shoal manifest at https://o/x.shoal.json (404)')).toContain('npx shoal pack');
    expect(p2pOffAdvice('the Shoal manifest at https://o/x.shoal.json is invalid: bad hash')).toBe(
      'Re-create the manifest from the same playlist (npx shoal pack <folder>).',
    );
    expect(p2pOffAdvice('playlist not understood: no #EXTM3U')).toContain('.m3u8');
    expect(p2pOffAdvice(null)).toContain('drop bc=0');
  });

  it('tells a viewer whose tracker is unreachable what still works and what to check', () => {
    const offline = {
      kind: 'offline',
      detail: 'tracker: offline (connection to ws://t closed (code 1006))',
    } as const;
    expect(networkAdvice(offline, true)).toContain(
      'Check the tracker address (tracker= in the page address)',
    );
    expect(networkAdvice(offline, false)).toContain('tabs of this browser can still meet: drop bc=0');
    const tabsOnly = {
      kind: 'degraded',
      detail:
        'tracker: offline (connection to ws://t closed (code 1006)); tabs: online (tabs on channel shoal:x)',
    } as const;
    expect(networkAdvice(tabsOnly, true)).toMatch(
      /^Tabs of this browser still meet over BroadcastChannel; viewers on other machines need the tracker\. Check/,
    );
    expect(
      networkAdvice({ kind: 'offline', detail: 'tabs: offline (BroadcastChannel is not available)' }),
    ).toContain('Add a tracker');
    expect(
      networkAdvice({
        kind: 'degraded',
        detail: 'tracker: degraded (cannot create a WebRTC connection: denied)',
      }),
    ).toContain('may block WebRTC');
    expect(networkAdvice({ kind: 'offline', detail: 'left swarm' })).toBeNull();
    expect(networkAdvice({ kind: 'online', detail: '1 tracker(s)' })).toBeNull();
  });
});
