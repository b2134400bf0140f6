import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTracker, type TrackerHandle } from './server.ts';

const trackers: TrackerHandle[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(trackers.splice(0).map((tracker) => tracker.close()));
});

async function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
}

/** A 20-character "binary string", as WebTorrent sends info hashes and peer ids. */
const id20 = (seed: string) => seed.padEnd(20, '\u00ff').slice(0, 20);

describe('startTracker', () => {
  it('answers a WebSocket announce with an interval and counts the peer', async () => {
    const tracker = await startTracker({ port: 0 });
    trackers.push(tracker);
    expect(tracker.url).toBe(`ws://127.0.0.1:${tracker.port}`);
    const socket = await connect(tracker.url);
    const reply = nextMessage(socket);
    const infoHash = id20('shoal-test-swarm');
    socket.send(
      JSON.stringify({
        action: 'announce',
        info_hash: infoHash,
        peer_id: id20('peer-a'),
        numwant: 0,
        event: 'started',
        offers: [],
      }),
    );
    const message = await reply;
    expect(message.action).toBe('announce');
    expect(message.info_hash).toBe(infoHash);
    expect(typeof message.interval).toBe('number');
    expect(message.interval).toBe(30);
    expect(tracker.stats()).toEqual({ connections: 1, swarms: 1, peers: 1 });
  });

  it('refuses a malformed announce without dropping the connection', async () => {
    const tracker = await startTracker({ port: 0 });
    trackers.push(tracker);
    const socket = await connect(tracker.url);
    const reply = nextMessage(socket);
    socket.send(JSON.stringify({ action: 'announce', info_hash: 'short', peer_id: id20('p') }));
    expect((await reply)['failure reason']).toMatch(/info_hash/);
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it('answers plain HTTP with 426 and closes with clients still connected', async () => {
    const tracker = await startTracker({ port: 0 });
    trackers.push(tracker);
    const res = await fetch(tracker.url.replace('ws://', 'http://'));
    expect(res.status).toBe(426);
    await res.text();
    const socket = await connect(tracker.url);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await tracker.close();
    await closed;
  });

  it('moves to the next port when asked to and the first is taken', async () => {
    const first = await startTracker({ port: 0 });
    trackers.push(first);
    const second = await startTracker({ port: first.port, portAttempts: 5 });
    trackers.push(second);
    expect(second.port).toBeGreaterThan(first.port);
    await expect(startTracker({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
