// Runs one traffic phase in this process with the engine its spec asks for.
import { runClosedLoop } from './closed-loop/engine.js';
import { runOpenLoop } from './open-loop/engine.js';
import { runOpenLoopH2 } from './open-loop-h2/engine.js';
import { runH2load } from './closed-loop/h2load.js';
import type { TrafficResult, TrafficSpec } from './types.js';
import { systemClock } from '../shared/clock.js';
import { ownSpinYield } from './open-loop/spin-yield.js';

/** A generator at real-time priority (--realtime) yields while it spins, so the RT throttle never stops it (spin-yield.ts). */
export function runTraffic(spec: TrafficSpec): Promise<TrafficResult> {
  if (spec.kind === 'closed') return spec.http2 === undefined ? runClosedLoop(spec) : runH2load({ ...spec, http2: spec.http2 });
  return spec.http2 === undefined ? runOpenLoop(spec, systemClock(), ownSpinYield()) : runOpenLoopH2({ ...spec, http2: spec.http2 }, systemClock(), ownSpinYield());
}
