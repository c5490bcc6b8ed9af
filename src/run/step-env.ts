// What every step of a cell is given: the scenario, the run's clock, its log, its stop signal and the upstream's counters.
import type { RunningUpstream } from '../runtime/runtime.js';
import type { Scenario } from '../scenario/schema.js';

export interface StepEnv {
  scenario: Scenario;
  /** ms since the run started (the time base of phases and resource series). */
  nowMs(): number;
  log(line: string): void;
  /** Aborted on SIGINT/SIGTERM: every step stops at once (stop.ts). */
  signal: AbortSignal;
  /** The run's identity token: its upstreams answer with it, health checks and counters are checked against it. */
  identity: string | undefined;
}

/** The upstream as a step sees it: where it is and its request counters. */
export type UpstreamCounters = Pick<RunningUpstream, 'address' | 'stats' | 'resetStats'>;
