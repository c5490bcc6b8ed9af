// Runs one traffic phase in this process with the engine its spec asks for.
import { runClosedLoop } from './closed-loop/engine.js';
import { runOpenLoop } from './open-loop/engine.js';
import type { TrafficResult, TrafficSpec } from './types.js';

export function runTraffic(spec: TrafficSpec): Promise<TrafficResult> {
  return spec.kind === 'open' ? runOpenLoop(spec) : runClosedLoop(spec);
}
