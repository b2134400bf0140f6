import { beforeAll, describe, expect, it } from 'vitest';
import type { ErasureCoder } from '../coding/coder.ts';
import { createErasureCoder } from '../coding/index.ts';
import type { ShardStore } from '../ports.ts';
import { decodeMessage, encodeMessage } from '../protocol/codec.ts';
import { load, loadTogether, setupEngineTest, start } from '../testing/engine-setup.ts';
import { createTestViewer } from '../testing/viewer.ts';

let coder: ErasureCoder;
beforeAll(async () => {
  coder = await createErasureCoder({ prefer: 'ts' });
});

const setup = (options: { live?: boolean; count?: number } = {}) => setupEngineTest(coder, options);

describe('Engine', () => {
  it('serves a lone viewer from the origin, verified, with parity ready to share', async () => {
    const { clock, origin, stream, env } = setup();
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    const result = await load(a, stream, 0, clock);
    expect(result?.data).toEqual(stream.segments[0]!.data);
    expect(origin.segmentBytes).toBe(stream.segments[0]!.data.length);
    await clock.advance(100);
    const { k, m } = stream.manifest.segments[0]!.params;
    expect((await a.store.keys()).length).toBe(k + m);
  });

  it('passes through segments the manifest does not list', async () => {
    const { clock, stream, env } = setup();
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    const out = await a.engine.loadSegment({
      playlistUrl: stream.playlistUrl,
      sequence: 99,
      uri: 'x.ts',
      deadlineMs: 1,
    });
    expect(out).toBeNull();
  });

  it('turns P2P off with a reason when the manifest is missing', async () => {
    const { clock, origin, stream, env } = setup();
    origin.files.delete(stream.playlistUrl.replace('index.m3u8', 'index.shoal.json'));
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    expect(a.engine.stats().p2p.enabled).toBe(false);
    expect(a.engine.stats().p2p.reason).toMatch(/no Shoal manifest/);
    expect(
      await a.engine.loadSegment({
        playlistUrl: stream.playlistUrl,
        sequence: 0,
        uri: 'seg_0.ts',
        deadlineMs: 1,
      }),
    ).toBeNull();
  });

  it('gets the network ready while the playlist loads, joins once the manifest names the swarm', async () => {
    const { clock, stream, env } = setup();
    const a = createTestViewer('a', env);
    a.engine.expectPlaylist(stream.playlistUrl);
    expect(a.network.calls).toEqual(['prepare']);
    await start(a, stream, clock);
    expect(a.network.calls).toEqual(['prepare', 'join']);
  });

  it('stands the prepared network down when the manifest is missing', async () => {
    const { clock, origin, stream, env } = setup();
    origin.files.delete(stream.playlistUrl.replace('index.m3u8', 'index.shoal.json'));
    const a = createTestViewer('a', env);
    a.engine.expectPlaylist(stream.playlistUrl);
    await start(a, stream, clock);
    expect(a.network.calls).toEqual(['prepare', 'leave']);
  });

  it('a later VOD viewer takes every segment from peers, none from the origin', async () => {
    const { clock, origin, stream, env } = setup();
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    for (let i = 0; i < stream.segments.length; i++) await load(a, stream, i, clock);
    const afterA = origin.segmentBytes;
    const b = createTestViewer('b', env);
    await start(b, stream, clock);
    await clock.advance(200);
    for (let i = 0; i < stream.segments.length; i++) {
      const result = await load(b, stream, i, clock);
      expect(result?.data).toEqual(stream.segments[i]!.data);
    }
    expect(origin.segmentBytes).toBe(afterA);
    expect(b.engine.stats().bytes.peers).toBeGreaterThan(0);
    expect(a.engine.stats().bytes.upload).toBeGreaterThan(0);
  });

  it('spreads one segment over several peers', async () => {
    const { clock, stream, env } = setup();
    const seeders = ['a', 'b', 'c'].map((id) => createTestViewer(id, env));
    for (const s of seeders) {
      await start(s, stream, clock);
      await load(s, stream, 0, clock);
    }
    const d = createTestViewer('d', env);
    await start(d, stream, clock);
    await clock.advance(200);
    const seen: string[] = [];
    d.engine.events.on('segment', (o) => seen.push(...o.shards.map((s) => s.peerId ?? s.via)));
    await load(d, stream, 0, clock);
    expect(new Set(seen).size).toBeGreaterThanOrEqual(2);
  });

  it('bans a peer that sends corrupted shards and still delivers the right bytes', async () => {
    const { clock, hub, stream, env } = setup();
    const liar = createTestViewer('liar', env);
    await start(liar, stream, clock);
    await load(liar, stream, 0, clock);
    const b = createTestViewer('b', env);
    await start(b, stream, clock);
    await clock.advance(200);
    for (const link of hub.linksFrom('liar'))
      link.tamper = (frame) => {
        const message = decodeMessage(frame);
        if (message.type !== 'shard') return frame;
        const payload = message.payload.slice();
        payload[0]! ^= 0xff;
        return encodeMessage({ ...message, payload });
      };
    const bans: string[] = [];
    b.engine.events.on('ban', (ban) => bans.push(ban.peerId));
    const result = await load(b, stream, 0, clock);
    expect(result?.data).toEqual(stream.segments[0]!.data);
    expect(bans).toEqual(['liar']);
    expect(b.engine.stats().peers.map((p) => p.id)).not.toContain('liar');
  });

  it('drops a peer that sends protocol garbage', async () => {
    const { clock, hub, stream, env } = setup();
    const liar = createTestViewer('liar', env);
    await start(liar, stream, clock);
    const b = createTestViewer('b', env);
    await start(b, stream, clock);
    await clock.advance(200);
    expect(b.engine.stats().peers).toHaveLength(1);
    hub.linksFrom('liar')[0]!.send(new Uint8Array([1, 250, 3, 4]));
    await clock.advance(100);
    expect(b.engine.stats().peers).toHaveLength(0);
  });

  it('completes from the origin by Range, only the missing data shards, when peers hold too few', async () => {
    const { clock, origin, stream, env } = setup();
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    await load(a, stream, 0, clock);
    const { k } = stream.manifest.segments[0]!.params;
    // A keeps only two data shards.
    const info = { contentId: 'test-content' };
    for (const key of await a.store.keys()) {
      const index = Number(key.split('/').pop());
      if (index >= 2) await a.store.delete(key);
    }
    void info;
    const b = createTestViewer('b', env);
    await start(b, stream, clock);
    await clock.advance(200);
    const before = origin.segmentBytes;
    const result = await load(b, stream, 0, clock, 3000);
    expect(result?.data).toEqual(stream.segments[0]!.data);
    const fromOrigin = origin.segmentBytes - before;
    expect(fromOrigin).toBeGreaterThan(0);
    expect(fromOrigin).toBeLessThan(stream.segments[0]!.data.length * ((k - 1) / k));
  });

  it('finishes from the origin before the deadline when the only peer leaves mid-transfer', async () => {
    const { clock, hub, stream, env } = setup();
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    await load(a, stream, 0, clock);
    const b = createTestViewer('b', env);
    await start(b, stream, clock);
    await clock.advance(200);
    hub.linksFrom('a').forEach((l) => {
      l.tamper = () => null; // a goes silent
    });
    const t0 = clock.now();
    const result = await load(b, stream, 0, clock, 3000);
    expect(result?.data).toEqual(stream.segments[0]!.data);
    expect(clock.now() - t0).toBeLessThan(3000);
  });

  it('live: viewers at the edge split the origin fetch, about one copy per swarm', async () => {
    const { clock, origin, stream, env } = setup({ live: true });
    const viewers = ['a', 'b', 'c', 'd'].map((id) => createTestViewer(id, env));
    for (const v of viewers) await start(v, stream, clock);
    await clock.advance(300);
    for (let i = 0; i < stream.segments.length; i++) {
      const results = await loadTogether(viewers, stream, i, clock, 4000);
      for (const r of results) expect(r?.data).toEqual(stream.segments[i]!.data);
    }
    const total = stream.segments.reduce((n, s) => n + s.data.length, 0);
    expect(origin.segmentBytes).toBeLessThanOrEqual(total * 1.35);
    // Each viewer took a share from the origin: no single seeder.
    for (const v of viewers) expect(v.engine.stats().bytes.origin).toBeGreaterThan(0);
  });

  it('live: a joiner waits for its first peer to say what it holds before fetching its share', async () => {
    const { clock, stream, env } = setup({ live: true });
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    for (let i = 0; i < 2; i++) await load(a, stream, i, clock);
    // b asks for a segment a holds before its link to a opens. Once a has said hello, the split
    // hands b half of it to fetch; a's holdings arrive a link latency later.
    const b = createTestViewer('b', env);
    const started = b.engine.onPlaylist(stream.playlistUrl, stream.playlist);
    const fetched: number[] = [];
    b.engine.events.on('origin-fetch', (e) => fetched.push(e.sequence));
    const result = await load(b, stream, 1, clock);
    await started;
    expect(result?.data).toEqual(stream.segments[1]!.data);
    // (b may prefetch newer segments, a's share and its own among them.)
    expect(fetched).not.toContain(stream.segments[1]!.sequence);
    expect(b.engine.stats().bytes.peers).toBeGreaterThanOrEqual(stream.segments[1]!.data.length);
  });

  it('live: a viewer that does not upload fetches no share, its neighbours fetch it and it still plays', async () => {
    const { clock, stream, env } = setup({ live: true });
    const uploaders = ['a', 'b'].map((id) => createTestViewer(id, env));
    const leech = createTestViewer('c', env, { downloadOnly: true });
    const viewers = [...uploaders, leech];
    for (const v of viewers) await start(v, stream, clock);
    await clock.advance(300);
    for (let i = 0; i < stream.segments.length; i++) {
      const results = await loadTogether(viewers, stream, i, clock, 4000);
      for (const r of results) expect(r?.data).toEqual(stream.segments[i]!.data);
    }
    // Without weights the rank split gives c a third of every segment to fetch and relay.
    expect(leech.engine.stats().bytes.origin).toBe(0);
    for (const v of uploaders) expect(v.engine.stats().bytes.origin).toBeGreaterThan(0);
  });

  it('a viewer reloaded with the same store serves what it kept', async () => {
    const { clock, origin, stream, env } = setup();
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    await load(a, stream, 0, clock);
    a.engine.destroy();
    const again = createTestViewer('a2', env, {}, a.store);
    await clock.advance(10);
    await start(again, stream, clock);
    const b = createTestViewer('b', env);
    await start(b, stream, clock);
    await clock.advance(300);
    const before = origin.segmentBytes;
    const result = await load(b, stream, 0, clock);
    expect(result?.data).toEqual(stream.segments[0]!.data);
    expect(origin.segmentBytes).toBe(before);
  });
});

describe('Engine after a reload', () => {
  it('uses the shards it kept even when the store lists them after the manifest arrives', async () => {
    const { clock, origin, stream, env } = setup();
    const a = createTestViewer('a', env);
    await start(a, stream, clock);
    await load(a, stream, 0, clock);
    a.engine.destroy();
    // The same store, slow to list its keys (IndexedDB opening after the page's first requests).
    const slow: ShardStore = {
      get: (key) => a.store.get(key),
      put: (key, data) => a.store.put(key, data),
      delete: (key) => a.store.delete(key),
      keys: () => new Promise((resolve) => clock.setTimer(3000, () => resolve(a.store.keys()))),
    };
    const again = createTestViewer('a2', env, {}, slow);
    await start(again, stream, clock);
    const before = origin.segmentBytes;
    const outcomes: string[] = [];
    again.engine.events.on('segment', (o) => outcomes.push(...o.shards.map((s) => s.via)));
    const result = await load(again, stream, 0, clock, 6000);
    expect(result?.data).toEqual(stream.segments[0]!.data);
    expect(origin.segmentBytes).toBe(before);
    expect(outcomes.every((via) => via === 'store')).toBe(true);
  });
});

describe('Engine with trustPeers (no manifest)', () => {
  it('trades segments between peers, unverified, only when asked to', async () => {
    const { clock, origin, stream, env } = setup();
    origin.files.delete(stream.playlistUrl.replace('index.m3u8', 'index.shoal.json'));
    const a = createTestViewer('a', env, { trustPeers: true });
    await start(a, stream, clock);
    expect(a.engine.stats().p2p.enabled).toBe(true);
    expect((await load(a, stream, 0, clock))?.data).toEqual(stream.segments[0]!.data);
    const b = createTestViewer('b', env, { trustPeers: true });
    await start(b, stream, clock);
    await clock.advance(200);
    const before = origin.segmentBytes;
    expect((await load(b, stream, 0, clock))?.data).toEqual(stream.segments[0]!.data);
    expect(origin.segmentBytes).toBe(before);
    expect(b.engine.stats().bytes.peers).toBeGreaterThan(0);

    const off = createTestViewer('c', env);
    await start(off, stream, clock);
    expect(off.engine.stats().p2p.enabled).toBe(false);
  });
});
