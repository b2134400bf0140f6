import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EarlierRunError, readEarlierRuns } from './earlier-runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'earlier-runs-'));
const save = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readEarlierRuns', () => {
  it('takes the runs of the last JSON line after the table and progress lines', () => {
    const path = save(
      'ok.txt',
      [
        '[shoal] t=60s events=1 wall=1s rss=1MB',
        '| viewers | strategy |',
        JSON.stringify({ scenario: 'flash', runs: [{ viewers: 1, strategy: 'old' }] }),
        JSON.stringify({ scenario: 'flash', runs: [{ viewers: 10000, strategy: 'shoal' }] }),
        '',
      ].join('\n'),
    );
    expect(readEarlierRuns([path], 'flash')).toEqual([{ viewers: 10000, strategy: 'shoal' }]);
  });

  it('refuses another scenario, a file without a JSON line, and a broken line, naming the file', () => {
    const other = save('other.txt', `${JSON.stringify({ scenario: 'churn', runs: [] })}\n`);
    expect(() => readEarlierRuns([other], 'flash')).toThrow(/other\.txt: scenario 'churn'/);
    const none = save('none.txt', 'the run was killed\n');
    expect(() => readEarlierRuns([none], 'flash')).toThrow(EarlierRunError);
    const broken = save('broken.txt', '{"scenario":"flash","runs":[\n');
    expect(() => readEarlierRuns([broken], 'flash')).toThrow(/broken\.txt: last JSON line does not parse/);
    const noRuns = save('noruns.txt', '{"scenario":"flash"}\n');
    expect(() => readEarlierRuns([noRuns], 'flash')).toThrow(/no runs/);
  });
});
