import { describe, expect, it } from 'vitest';
import { type EngineOutcome, originByViewer, summarize, summarizeRounds, table } from './report.ts';
import type { EngineRun, ViewerResult } from './run-engine.ts';

function viewer(index: number, over: Partial<ViewerResult> = {}): ViewerResult {
  return {
    index,
    joinedAtMs: index * 1000,
    startupMs: 500 + index * 100,
    stalls: 0,
    stallMs: 0,
    stallsAt: [],
    latencyS: 6 + index,
    currentTime: 30,
    fragmentBytes: 1000,
    error: '',
    originFetches: [],
    engineBytes: null,
    originRequests: [],
    pageErrors: [],
    ...over,
  };
}

const run = (
  engine: EngineRun['engine'],
  bytes: number,
  viewers: ViewerResult[],
  browserCpuS: number | null = null,
): EngineOutcome => ({
  ok: true,
  run: { engine, originSegmentBytes: bytes, originSegmentRequests: 10, browserCpuS, viewers },
});

describe('summarize', () => {
  it('ratios are origin bytes over the `none` run, startup and latency medians over viewers', () => {
    const rows = summarize(
      [
        run('none', 1000, [viewer(0), viewer(1), viewer(2)]),
        run('shoal', 200, [viewer(0), viewer(1, { stalls: 2, stallMs: 1500 }), viewer(2)]),
      ],
      true,
    );
    expect(rows[0]).toMatchObject({
      ratioVsNone: 1,
      startupMedianMs: 600,
      startupMaxMs: 700,
      latencyMedianS: 7,
    });
    expect(rows[1]).toMatchObject({ ratioVsNone: 0.2, stalls: 2, stallS: 1.5, latencyMaxS: 8, errors: [] });
  });

  it("browser CPU is the run's, and against `none` when both were measured", () => {
    const rows = summarize(
      [
        run('none', 1000, [viewer(0)], 60),
        run('shoal', 200, [viewer(0)], 75),
        run('pml-tuned', 300, [viewer(0)]),
      ],
      true,
    );
    expect(rows.map((r) => ('browserCpuS' in r ? [r.browserCpuS, r.cpuVsNone] : null))).toEqual([
      [60, 1],
      [75, 1.25],
      [null, null],
    ]);
    const lines = table(rows).split('\n');
    expect(lines[0]).toContain('browser CPU');
    expect(lines[3]).toContain('75 s (1.25x)');
    expect(lines[4]).toContain('| — ');
  });

  it('no ratios without a `none` run; no latency for VOD', () => {
    const [row] = summarize([run('shoal', 200, [viewer(0)])], false);
    expect(row).toMatchObject({ ratioVsNone: null, latencyMedianS: null });
  });

  it('an engine that could not run, or whose viewers never played, has a reason and no numbers', () => {
    const rows = summarize(
      [
        { ok: false, engine: 'pml-default', reason: 'install failed' },
        run('pml-tuned', 0, [viewer(0, { startupMs: null, pageErrors: ['boom'] })]),
      ],
      true,
    );
    expect(rows[0]).toEqual({ engine: 'pml-default', missing: 'install failed' });
    expect(rows[1]).toEqual({
      engine: 'pml-tuned',
      missing: 'no viewer played (viewer 0: page error: boom)',
    });
    expect(table(rows)).toContain('install failed');
  });

  it('counts errors: page errors, the page error box, viewers that never played', () => {
    const [row] = summarize(
      [run('none', 1, [viewer(0, { error: 'fatal' }), viewer(1, { startupMs: null }), viewer(2)])],
      false,
    );
    expect((row as { errors: string[] }).errors).toEqual([
      'viewer 0: fatal',
      'viewer 1: never started playing',
    ]);
  });
});

describe('summarizeRounds', () => {
  it("ratios against the same round's `none`, medians over rounds; startups over every viewer; stalls summed", () => {
    const rounds: EngineOutcome[][] = [
      [
        run('none', 1000, [viewer(0, { startupMs: 900 })]),
        run('shoal', 300, [viewer(0, { startupMs: 1000 })]),
      ],
      // A busy spell: everything slower and heavier in this round.
      [
        run('none', 2000, [viewer(0, { startupMs: 3000 })]),
        run('shoal', 500, [viewer(0, { startupMs: 3100, stalls: 1, stallMs: 400 })]),
      ],
      [
        run('none', 1000, [viewer(0, { startupMs: 1100 })]),
        run('shoal', 280, [viewer(0, { startupMs: 1200 })]),
      ],
    ];
    const [none, shoal] = summarizeRounds(rounds, true);
    expect(shoal).toMatchObject({
      engine: 'shoal',
      originSegmentBytes: 300, // median of 300, 500, 280
      ratioVsNone: 0.28, // median of 0.30, 0.25, 0.28
      startupMedianMs: 1200,
      startupMaxMs: 3100,
      stalls: 1,
      stallS: 0.4,
    });
    expect(none).toMatchObject({ engine: 'none', ratioVsNone: 1, startupMedianMs: 1100 });
  });

  it('a round that failed for an engine is named among its errors; the other rounds still count', () => {
    const rounds: EngineOutcome[][] = [
      [run('none', 1000, [viewer(0)]), run('shoal', 300, [viewer(0)])],
      [run('none', 1000, [viewer(0)]), { ok: false, engine: 'shoal', reason: 'run failed: boom' }],
    ];
    const [, shoal] = summarizeRounds(rounds, false);
    expect(shoal).toMatchObject({ engine: 'shoal', ratioVsNone: 0.3 });
    expect('errors' in shoal! && shoal.errors).toEqual(['a round failed: run failed: boom']);
  });
});

describe('originByViewer', () => {
  it('lists the fetches other than shares, with their time, shards and ready peers', () => {
    const fetch = (t: number, sequence: number, reason: string, shards: number, peers: number) => ({
      t,
      sequence,
      reason,
      shards,
      peers,
    });
    const text = originByViewer({
      engine: 'shoal',
      originSegmentBytes: 0,
      originSegmentRequests: 0,
      browserCpuS: null,
      viewers: [
        viewer(1, {
          originFetches: [
            fetch(600, 4, 'deadline', 16, 0),
            fetch(2100, 6, 'share', 3, 2),
            fetch(1400, 5, 'deadline', 9, 2),
          ],
        }),
      ],
    });
    expect(text).toContain('deadline×2, share×1');
    expect(text).toContain(
      '(#4 deadline at 0.6 s, 16 shards, 0 peers; #5 deadline at 1.4 s, 9 shards, 2 peers)',
    );
    expect(text).not.toContain('#6');
    expect(text).not.toContain('stall');
  });

  it("says when a viewer's stalls began", () => {
    const text = originByViewer({
      engine: 'shoal',
      originSegmentBytes: 0,
      originSegmentRequests: 0,
      browserCpuS: null,
      viewers: [viewer(2, { stalls: 2, stallMs: 700, stallsAt: [23_400, 41_000] })],
    });
    expect(text).toContain('2 stall(s), 0.7 s, from 23.4, 41.0 s');
  });
});
