// Warms a freshly started load generator (JIT, allocator) against the upstream before anything is measured.
// A cold generator process sends late for its first seconds; without this the first cell of a run pays for it.
import type { Scenario } from '../scenario/schema.js';
import type { TargetAddress } from '../traffic/types.js';
import type { LoadGenerator } from './generator-supply.js';

/** The scenario's generator warm-up (`generatorWarmup`, default 6 s) split: a third closed loop, then open loop. */
export function generatorWarmupMs(scenario: Pick<Scenario, 'generatorWarmup'>): { closed: number; open: number } {
  const closed = Math.round(scenario.generatorWarmup / 3);
  return { closed, open: scenario.generatorWarmup - closed };
}

/** Runs a short closed loop and a short open loop at the scenario's highest open-loop rate (≤ 5000/s); results are discarded. */
export async function warmGenerator(generator: LoadGenerator, upstream: TargetAddress, scenario: Scenario): Promise<void> {
  const request = { method: 'GET' as const, path: '/', headers: {}, bodyBytes: 0 };
  const rates = scenario.phases.flatMap((p) => (p.traffic.loop === 'open' ? [p.traffic.rate] : []));
  const ratePerSec = Math.min(5000, Math.max(1000, ...rates));
  const ms = generatorWarmupMs(scenario);
  await generator.run({ kind: 'closed', target: upstream, request, connections: 16, durationMs: ms.closed, timeoutMs: 5000 });
  await generator.run({ kind: 'open', target: upstream, request, ratePerSec, maxConnections: 64, durationMs: ms.open, timeoutMs: 5000 });
}
