import { createServer } from 'node:http';
import { createServer as createViteServer } from 'vite';
import { CliError, parseCommandArgs, waitForStopSignal } from '../cli-args.ts';
import { listenWithRetry } from '../listen.ts';
import { type OriginHandle, startOrigin } from '../origin/server.ts';
import { PACKAGE_DIR } from '../paths.ts';
import { startTracker, type TrackerHandle } from '../tracker/server.ts';
import { demoLinks } from './urls.ts';

export const DEV_HELP = `Usage: shoal dev

Starts everything the demo needs on 127.0.0.1, each on its usual port or the next free one:
  origin   http://127.0.0.1:8080   the sample streams (see "shoal origin --help")
  tracker  ws://127.0.0.1:8000     WebTorrent tracker (see "shoal tracker --help")
  page     http://127.0.0.1:5173   the Vite dev server of the demo page
then prints links to the page for each sample stream. Ctrl-C stops all three.

Options:
  -h, --help    show this help`;

const PORT_ATTEMPTS = 20;

export async function devCommand(argv: string[]): Promise<number> {
  if (!parseCommandArgs(argv, {})) {
    console.log(DEV_HELP);
    return 0;
  }
  const started: Array<{ close(): Promise<void> }> = [];
  const stopAll = () => Promise.allSettled(started.reverse().map((server) => server.close()));
  try {
    const origin: OriginHandle = await startOrigin({ port: 8080, portAttempts: PORT_ATTEMPTS });
    started.push(origin);
    const tracker: TrackerHandle = await startTracker({ port: 8000, portAttempts: PORT_ATTEMPTS });
    started.push(tracker);
    const page = await startPage();
    started.push(page);
    printBanner(page.url, origin.url, tracker.url);
  } catch (error) {
    await stopAll();
    throw new CliError('startup', `could not start: ${(error as Error).message}`);
  }
  const signal = await waitForStopSignal();
  console.log(`\n${signal}: stopping page, tracker and origin...`);
  await stopAll();
  return 0;
}

/**
 * Vite in middleware mode on our own HTTP server: Vite's standalone server would install its
 * own SIGTERM (and stdin end) handler that exits the process before origin and tracker close.
 */
async function startPage(): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const vite = await createViteServer({
    root: PACKAGE_DIR,
    appType: 'spa',
    server: { middlewareMode: true, ws: { server: http } },
    clearScreen: false,
  });
  http.on('request', vite.middlewares);
  try {
    const port = await listenWithRetry(http, '127.0.0.1', 5173, PORT_ATTEMPTS);
    return {
      url: `http://127.0.0.1:${port}/`,
      close: async () => {
        await vite.close();
        await new Promise<void>((done) => {
          http.close(() => done());
          http.closeAllConnections();
        });
      },
    };
  } catch (error) {
    await vite.close();
    throw error;
  }
}

function printBanner(pageUrl: string, originUrl: string, trackerUrl: string): void {
  const [first, ...more] = demoLinks(pageUrl, originUrl, trackerUrl);
  console.log(`
Shoal dev is running
  origin   ${originUrl}   (byte meter: ${originUrl}/__meter)
  tracker  ${trackerUrl}
  page     ${pageUrl}

Open the demo (open it in several tabs to form a swarm):
  ${first!.url}

Other samples:
${more.map((link) => `  ${link.label.padEnd(24)}${link.url}`).join('\n')}

Ctrl-C stops everything.`);
}
