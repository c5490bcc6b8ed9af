// Runs one traffic phase in this process with the engine its spec asks for.
import { runClosedLoop } from './closed-loop/engine.js';
import { runOpenLoop } from './open-loop/engine.js';
import type { TrafficResult, TrafficSpec } from './types.js';
import { systemClock } from '../shared/clock.js';
import { ownSpinYield } from './open-loop/spin-yield.js';

/** A generator at real-time priority (--realtime) yields while it spins, so the RT throttle never stops it (spin-yield.ts). */
export function runTraffic(spec: TrafficSpec): Promise<TrafficResult> {
  return spec.kind === 'open' ? runOpenLoop(spec, systemClock(), ownSpinYield()) : runClosedLoop(spec);
}
