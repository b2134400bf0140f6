// A viewer's engine wired to fakes, for engine tests and the simulator.

import type { ErasureCoder } from '../coding/coder.ts';
import { resolveConfig, type ShoalConfig } from '../config.ts';
import { Engine } from '../engine/engine.ts';
import type { ShardStore } from '../ports.ts';
import { MemoryShardStore } from '../storage/lru-store.ts';
import type { FakeHub, FakeNetwork } from './fake-network.ts';
import type { FakeOrigin } from './fake-origin.ts';
import { resolveSimple } from './fake-origin.ts';
import { InlineCoder } from './inline-coder.ts';
import type { VirtualClock } from './virtual-clock.ts';

export interface TestViewer {
  id: string;
  engine: Engine;
  store: ShardStore;
  network: FakeNetwork;
}

export function createTestViewer(
  id: string,
  env: { clock: VirtualClock; origin: FakeOrigin; hub: FakeHub; coder: ErasureCoder },
  config: Partial<ShoalConfig> = {},
  store: ShardStore = new MemoryShardStore({ maxBytes: 64 * 1024 * 1024 }),
): TestViewer {
  const network = env.hub.network();
  const engine = new Engine(resolveConfig(config), {
    clock: env.clock,
    origin: env.origin,
    coder: new InlineCoder(env.coder),
    store,
    network,
    resolveUrl: resolveSimple,
    selfId: id,
  });
  return { id, engine, store, network };
}
