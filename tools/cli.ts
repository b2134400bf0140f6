import { CliError } from './cli-args.ts';

/** One subcommand: a lazily loaded module, so `shoal origin` never loads Vite or the packager. */
interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  dev: {
    summary: 'origin + tracker + the demo page (what `npm start` runs)',
    run: async (argv) => (await import('./dev/command.ts')).devCommand(argv),
  },
  origin: {
    summary: 'HTTP origin for HLS streams: ranges, CORS, byte meter, live simulation, faults',
    run: async (argv) => (await import('./origin/command.ts')).originCommand(argv),
  },
  tracker: {
    summary: 'WebTorrent (WebSocket) tracker for peer discovery',
    run: async (argv) => (await import('./tracker/command.ts')).trackerCommand(argv),
  },
  pack: {
    summary: 'package a stream: coding parameters and shard hashes into a Shoal manifest',
    run: (argv) => runPackager('packCommand', argv),
  },
  verify: {
    summary: 'check a stream against its Shoal manifest',
    run: (argv) => runPackager('verifyCommand', argv),
  },
};

const USAGE = `Usage: shoal <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(9)}${command.summary}`)
  .join('\n')}

Run "shoal <command> --help" for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`shoal: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`shoal ${name}: ${error.message}`);
    if (error.kind === 'usage') console.error(`Run "shoal ${name} --help" for usage.`);
    return error.kind === 'usage' ? 2 : 1;
  }
}

/**
 * `pack` and `verify` live in tools/pack/ (another module, written separately). Its entry is
 * expected at tools/pack/command.ts exporting `packCommand(argv)` and `verifyCommand(argv)`.
 */
async function runPackager(exportName: 'packCommand' | 'verifyCommand', argv: string[]): Promise<number> {
  let module: Record<string, unknown>;
  try {
    module = await import(/* @vite-ignore */ PACK_ENTRY);
  } catch (error) {
    if (isMissingModule(error))
      throw new CliError('unavailable', 'not available yet (tools/pack is missing)');
    throw error;
  }
  const run = module[exportName];
  if (typeof run !== 'function')
    throw new CliError('unavailable', `not available yet (no ${exportName} export)`);
  return (run as (argv: string[]) => Promise<number>)(argv);
}

// A variable, so the type checker does not require the module to exist yet.
const PACK_ENTRY: string = './pack/command.ts';

function isMissingModule(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  // Only the entry itself: a broken import inside the packager must surface as it is.
  return missing && String((error as Error).message).includes('pack/command');
}
