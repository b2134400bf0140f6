// Runs measured by an earlier `npm run sim` (its saved output), merged into this one's table and
// plot: a 10,000-viewer point takes most of an hour, so a sweep reuses it instead of rerunning it.

import { readFileSync } from 'node:fs';
import type { RunSummary } from './metrics.ts';

export class EarlierRunError extends Error {
  override name = 'EarlierRunError';
}

/** The runs in the final JSON line of each saved CLI output; all must be of `scenario`. */
export function readEarlierRuns(paths: string[], scenario: string): RunSummary[] {
  return paths.flatMap((path) => {
    const last = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1);
    if (!last) throw new EarlierRunError(`${path}: no JSON line (is it the saved output of npm run sim?)`);
    let parsed: { scenario?: unknown; runs?: unknown };
    try {
      parsed = JSON.parse(last);
    } catch (e) {
      throw new EarlierRunError(`${path}: last JSON line does not parse (${(e as Error).message})`);
    }
    if (parsed.scenario !== scenario) {
      throw new EarlierRunError(`${path}: scenario '${String(parsed.scenario)}', not '${scenario}'`);
    }
    if (!Array.isArray(parsed.runs)) throw new EarlierRunError(`${path}: no runs in its JSON line`);
    return parsed.runs as RunSummary[];
  });
}
