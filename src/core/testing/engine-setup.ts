// Engine tests' common steps: a fake origin and mesh on one virtual clock, a viewer that has
// met its swarm, and segment loads run to completion in virtual time.

import type { ErasureCoder } from '../coding/coder.ts';
import { FakeHub } from './fake-network.ts';
import { FakeOrigin } from './fake-origin.ts';
import { makeTestStream, publish, type TestStream } from './test-stream.ts';
import type { TestViewer } from './viewer.ts';
import { VirtualClock } from './virtual-clock.ts';

export function setupEngineTest(coder: ErasureCoder, options: { live?: boolean; count?: number } = {}) {
  const clock = new VirtualClock();
  const origin = new FakeOrigin(clock);
  const hub = new FakeHub(clock);
  const stream = makeTestStream(coder, { live: options.live, count: options.count ?? 6 });
  publish(origin, stream);
  const env = { clock, origin, hub, coder };
  return { clock, origin, hub, stream, env };
}

/** Loads the playlist and its manifest; the viewer meets its swarm within a second. */
export async function start(viewer: TestViewer, stream: TestStream, clock: VirtualClock): Promise<void> {
  const done = viewer.engine.onPlaylist(stream.playlistUrl, stream.playlist);
  await clock.advance(1100);
  await done;
}

export async function load(
  viewer: TestViewer,
  stream: TestStream,
  i: number,
  clock: VirtualClock,
  deadlineMs = 4000,
) {
  const [result] = await loadTogether([viewer], stream, i, clock, deadlineMs);
  return result;
}

/**
 * Several viewers ask for segment `i` at once; virtual time runs until all have it, or
 * `deadlineMs` + `graceMs` passed (undefined: not delivered by then).
 */
export async function loadTogether(
  viewers: TestViewer[],
  stream: TestStream,
  i: number,
  clock: VirtualClock,
  deadlineMs = 4000,
  graceMs = 2000,
) {
  const s = stream.segments[i]!;
  const results: Array<{ data: Uint8Array } | null | undefined> = viewers.map(() => undefined);
  let failure: unknown;
  viewers.forEach((viewer, n) => {
    viewer.engine
      .loadSegment({ playlistUrl: stream.playlistUrl, sequence: s.sequence, uri: s.uri, deadlineMs })
      .then(
        (r) => (results[n] = r),
        (e) => (failure = e),
      );
  });
  for (let t = 0; t < deadlineMs + graceMs && results.includes(undefined) && failure === undefined; t += 50)
    await clock.advance(50);
  if (failure) throw failure;
  return results;
}
