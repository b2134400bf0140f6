import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A failure the user can fix by changing the command line; the dispatcher prints it with a hint. */
export class CliError extends Error {
  readonly kind: 'usage' | 'unavailable' | 'startup';
  constructor(kind: CliError['kind'], message: string) {
    super(message);
    this.name = 'CliError';
    this.kind = kind;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict `parseArgs` (unknown flags and stray positionals are errors) plus `--help`/`-h`.
 * Returns null when help was asked for, so the caller prints its help text.
 */
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>
>['values'];

export function parseCommandArgs<O extends Options>(argv: string[], options: O): Values<O> | null {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    const values = parsed.values as Record<string, unknown>;
    if (values.help) return null;
    return values as Values<O>;
  } catch (error) {
    throw new CliError('usage', (error as Error).message);
  }
}

/** An integer flag within [min, max], or the fallback when the flag is absent. */
export function intFlag(name: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new CliError('usage', `--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Resolves when the process is asked to stop (Ctrl-C or a service manager), with the signal name. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
