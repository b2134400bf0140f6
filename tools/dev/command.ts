import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { CliError, parseCommandArgs, waitForStopSignal } from '../cli-args.ts';
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
    const vite = await startPage();
    started.push(vite);
    const pageUrl = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
    printBanner(pageUrl, origin.url, tracker.url);
  } catch (error) {
    await stopAll();
    throw new CliError('startup', `could not start: ${(error as Error).message}`);
  }
  const signal = await waitForStopSignal();
  console.log(`\n${signal}: stopping page, tracker and origin...`);
  await stopAll();
  return 0;
}

async function startPage(): Promise<ViteDevServer> {
  const vite = await createViteServer({
    root: PACKAGE_DIR,
    server: { host: '127.0.0.1', port: 5173, strictPort: false },
    clearScreen: false,
  });
  await vite.listen();
  return vite;
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
