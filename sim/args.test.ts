import { describe, expect, it } from 'vitest';
import { CliError } from '../tools/cli-args.ts';
import { DEFAULT_ENGINE, parseSimArgs, STRATEGIES } from './args.ts';

describe('parseSimArgs', () => {
  it('gives the documented defaults', () => {
    expect(parseSimArgs([])).toEqual({
      scenario: 'flash',
      sizes: [100],
      minutes: 3,
      seed: 1,
      strategies: [...STRATEGIES],
      svg: null,
      scale: 256,
      maxPeers: 12,
      parallel: 2,
      shards: 1,
      engine: DEFAULT_ENGINE,
      with: [],
    });
  });

  it('reads a sweep, fractional minutes, strategies and engine options', () => {
    const args = parseSimArgs([
      '--scenario',
      'small-mixed',
      '--sweep',
      '10,100, 1000',
      '--minutes',
      '1.5',
      '--strategies',
      'cdn,shoal',
      '--engine',
      '{"surplusShards":0}',
      '--with',
      'a.txt,b.txt',
    ])!;
    expect(args.sizes).toEqual([10, 100, 1000]);
    expect(args.minutes).toBe(1.5);
    expect(args.strategies).toEqual(['cdn', 'shoal']);
    expect(args.engine).toBe('{"surplusShards":0}');
    expect(args.with).toEqual(['a.txt', 'b.txt']);
  });

  it('returns null for --help', () => {
    expect(parseSimArgs(['--help'])).toBeNull();
  });

  it.each([
    [['--scenario', 'festival'], /--scenario must be one of/],
    [['--viewers', 'abc'], /--viewers must be an integer/],
    [['--viewers', '0'], /--viewers must be an integer/],
    [['--sweep', '10,,100'], /--sweep must be an integer/],
    [['--viewers', '5', '--sweep', '10'], /not both/],
    [['--minutes', '-1'], /--minutes/],
    [['--minutes', 'NaN'], /--minutes/],
    [['--strategies', 'shoal,p2p'], /--strategies takes/],
    [['--strategies', 'shoal,shoal'], /each strategy once/],
    [['--engine', '{bad'], /--engine must be a JSON object/],
    [['--engine', '[1]'], /--engine must be a JSON object/],
    [['--parallel', '0'], /--parallel/],
    [['--bogus'], /Unknown option/],
  ])('refuses %j with a usage error', (argv, message) => {
    let error: unknown;
    try {
      parseSimArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).kind).toBe('usage');
    expect((error as Error).message).toMatch(message);
  });
});
