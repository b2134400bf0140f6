import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on `port`, or on the next ports when it is taken and `attempts` > 1 (so `shoal dev`
 * still starts next to another copy). Port 0 asks the OS for any free port. Returns the bound port.
 */
export async function listenWithRetry(server: Server, host: string, port: number, attempts: number) {
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(port === 0 ? 0 : port + attempt, host, () => {
          server.off('error', fail);
          done();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || port === 0 || attempt + 1 >= attempts) throw error;
    }
  }
}
