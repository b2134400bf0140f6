// The package ships no types; this declares only what tools/tracker uses.
declare module '@peertube/bittorrent-tracker-server' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage } from 'node:http';
  import type { WebSocket, WebSocketServer } from 'ws';

  export interface TrackerServerOptions {
    /** Announce interval told to clients, in ms (WebSocket clients get a fifth of it). */
    interval?: number;
    http?: boolean | object;
    udp?: boolean | object;
    ws?: boolean | { noServer?: boolean };
    stats?: boolean;
    filter?: (infoHash: string, params: unknown, callback: (error?: Error | null) => void) => void;
  }

  interface Swarm {
    peers: { keys: string[] };
  }

  export class Server extends EventEmitter {
    constructor(options?: TrackerServerOptions);
    ws:
      | (WebSocketServer & { emit(event: 'connection', socket: WebSocket, req: IncomingMessage): boolean })
      | null;
    torrents: Record<string, Swarm>;
    close(callback?: (error?: Error | null) => void): void;
  }
  export default Server;
}
