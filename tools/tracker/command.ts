import { intFlag, parseCommandArgs, waitForStopSignal } from '../cli-args.ts';
import { startTracker } from './server.ts';

export const TRACKER_HELP = `Usage: shoal tracker [options]

Runs a WebTorrent tracker (WebSocket only) where Shoal viewers find each other.

Options:
  --port P      port, 0 for any free one (default: 8000)
  --host H      address to bind (default: 127.0.0.1)
  -h, --help    show this help`;

export async function trackerCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { port: { type: 'string' }, host: { type: 'string' } });
  if (!args) {
    console.log(TRACKER_HELP);
    return 0;
  }
  const tracker = await startTracker({
    port: intFlag('port', args.port, 8000, 0, 65535),
    host: args.host ?? '127.0.0.1',
  });
  console.log(`shoal tracker listening\n  ${tracker.url}`);
  await waitForStopSignal();
  await tracker.close();
  return 0;
}
