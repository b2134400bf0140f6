import { CliError, intFlag, parseCommandArgs, waitForStopSignal } from '../cli-args.ts';
import { DEFAULT_STREAMS_DIR } from '../paths.ts';
import { startOrigin } from './server.ts';

export const ORIGIN_HELP = `Usage: shoal origin [options]

Serves HLS streams over HTTP for development and tests: byte ranges, CORS, a byte meter,
a live simulation and injectable faults. Any folder of HLS streams works as is: a Shoal
manifest with no file on disk is packed in memory from its playlist (no \`shoal pack\` step).

Options:
  --dir DIR                 streams folder (default: the package's public/streams)
  --port P                  port, 0 for any free one (default: 8080)
  --host H                  address to bind (default: 127.0.0.1)
  --latency MS              delay added to every response (default: 0)
  --outage START_S:DUR_S    segments answer 503 from START_S after start, for DUR_S seconds
  --live-window N           segments per live playlist window (default: 6)
  --live-start WHEN         "first-request" (default) or "server-start": when live streams begin
  -h, --help                show this help

Routes:
  GET  /<path>              files from DIR. A single Range gives 206 (416 if unsatisfiable or
                            malformed); several ranges give 200 with the whole file.
  GET  /<x>.shoal.json      the sidecar manifest of <x>.m3u8: the file if DIR has it, else packed
                            in memory (once per rendition; again when a file of it changes).
                            404 with the reason when the playlist cannot be packed.
  GET  /live/<playlist>     a VOD media playlist (or master) looped as a sliding-window live
                            stream; segments are the VOD files with ?seq=N. All live streams
                            share one clock, started by the first /live/ request.
  GET  /live/<x>.shoal.json the manifest of the current live window, cut from the VOD manifest
  GET  /__meter             body bytes and requests served, per kind; POST /__meter/reset
  GET|POST /__faults        {"latencyMs":N, "outage":{"startInMs":N,"durationMs":N} | null}`;

export async function originCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    dir: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    latency: { type: 'string' },
    outage: { type: 'string' },
    'live-window': { type: 'string' },
    'live-start': { type: 'string' },
  });
  if (!args) {
    console.log(ORIGIN_HELP);
    return 0;
  }
  const liveStart = args['live-start'] ?? 'first-request';
  if (liveStart !== 'first-request' && liveStart !== 'server-start') {
    throw new CliError('usage', `--live-start must be "first-request" or "server-start", got "${liveStart}"`);
  }
  const origin = await startOrigin({
    dir: args.dir ?? DEFAULT_STREAMS_DIR,
    port: intFlag('port', args.port, 8080, 0, 65535),
    host: args.host ?? '127.0.0.1',
    latencyMs: intFlag('latency', args.latency, 0, 0, 600_000),
    outage: args.outage === undefined ? null : parseOutageFlag(args.outage),
    liveWindow: intFlag('live-window', args['live-window'], 6, 1, 1000),
    liveStart,
  });
  console.log(`shoal origin serving ${args.dir ?? DEFAULT_STREAMS_DIR}`);
  console.log(`  ${origin.url}/`);
  console.log(`  meter: ${origin.url}/__meter   live: ${origin.url}/live/<playlist path>`);
  await waitForStopSignal();
  await origin.close();
  return 0;
}

/** `START_S:DURATION_S` in seconds (decimals allowed) to ms. */
export function parseOutageFlag(text: string): { startMs: number; durationMs: number } {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text);
  if (!match)
    throw new CliError('usage', `--outage must look like START_S:DURATION_S (e.g. 10:5), got "${text}"`);
  return { startMs: Number(match[1]) * 1000, durationMs: Number(match[2]) * 1000 };
}
