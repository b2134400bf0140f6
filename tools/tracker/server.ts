import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { Server as TrackerServer } from '@peertube/bittorrent-tracker-server';
import { listenWithRetry } from '../listen.ts';

export interface TrackerOptions {
  port?: number;
  host?: string;
  /** When the port is taken, try the next ones (for `shoal dev`); 1 means fail at once. */
  portAttempts?: number;
  /** Announce interval the tracker asks clients for, in seconds (default 30). */
  announceIntervalS?: number;
}

export interface TrackerStats {
  /** Open WebSocket connections. */
  connections: number;
  /** Swarms (info hashes) the tracker knows. */
  swarms: number;
  /** Peers over all swarms (a peer in two swarms counts twice). */
  peers: number;
}

export interface TrackerHandle {
  /** ws://host:port, what clients announce to. */
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): TrackerStats;
}

/**
 * A WebTorrent tracker (WebSocket only; no HTTP or UDP announces). We own the HTTP server and
 * hand upgrades to the library, so we choose the port, retry when it is taken, and can close
 * every connection on shutdown.
 */
export async function startTracker(options: TrackerOptions = {}): Promise<TrackerHandle> {
  // The library sends WebSocket clients a fifth of `interval` as their announce interval.
  const tracker = new TrackerServer({
    http: false,
    udp: false,
    stats: false,
    ws: { noServer: true },
    interval: (options.announceIntervalS ?? 30) * 5 * 1000,
  });
  // Bad client messages are warnings, not failures; keep them from crashing the process.
  tracker.on('warning', () => {});
  tracker.on('error', (error: Error) => console.error(`shoal tracker: ${error.message}`));
  const wss = tracker.ws!;
  const sockets = new Set<Socket>();
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('shoal tracker: connect with a WebSocket (WebTorrent tracker protocol)\n');
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listenWithRetry(http, host, options.port ?? 0, options.portAttempts ?? 1);
  let closing: Promise<void> | null = null;
  return {
    url: `ws://${host}:${port}`,
    port,
    stats: () => statsOf(tracker, sockets.size),
    close: () => {
      closing ??= new Promise<void>((done) => {
        tracker.close();
        http.close(() => done());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function statsOf(tracker: TrackerServer, connections: number): TrackerStats {
  const swarms = Object.values(tracker.torrents);
  const peers = swarms.reduce((sum, swarm) => sum + swarm.peers.keys.length, 0);
  return { connections, swarms: swarms.length, peers };
}
