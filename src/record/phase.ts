// A measured phase's part of the run record (run.json): its traffic, resources, validity and saturation.
import type { TrafficResult } from '../traffic/types.js';
import type { AttackPhaseRecord } from './attack.js';

export interface ResourceFigures {
  /** Average CPU cores used while the traffic ran (its first request to its end; the whole window when unsampled). */
  cpuCores: number;
  cpuSeconds: number;
  /** CPU seconds per 1000 completed requests (null without requests). */
  cpuSecondsPer1kRequests: number | null;
  rssPeakBytes: number;
  /** Median RSS over the second half of the window: the level it settled at. */
  rssSteadyBytes: number;
  threadsMax: number;
  samples: number;
}

/**
 * An open-loop phase whose target could not keep up with the offered rate while the generator kept its schedule: a
 * valid measurement of the target (latency from the intended time, the rate it achieved, the queue it built).
 */
export interface Saturation {
  /** The rate the target achieved (responses per second of the scheduled duration). */
  atRatePerSec: number;
  targetRatePerSec: number;
  /** Due requests still waiting for a connection when the phase ended. */
  queuedAtEnd: number;
  /** Most due requests not yet sent at once: the queue for a connection (null: the engine did not report it). */
  queuePeakRequests: number | null;
  /** Requests that got no answer within the request timeout. */
  timeouts: number;
  /** One sentence: what the target did (connections busy, queue, timeouts). */
  note: string;
}

export interface PhaseRecord {
  name: string;
  warmup: boolean;
  /** benign (adversarial classes come later). */
  trafficClass: string;
  loop: 'closed' | 'open';
  connections: number;
  targetRatePerSec: number | null;
  durationMs: number;
  /** ms since the run started. */
  startMs: number;
  endMs: number;
  traffic: TrafficResult;
  upstream: { requests: number; connectionsOpened: number } | null;
  resources: Record<'proxy' | 'upstream' | 'generator', ResourceFigures | null>;
  /** `generatorSide`: invalid only for the generator's own reasons (its lag, its busy core), which a re-run may clear. */
  validity: { valid: boolean; reasons: string[]; generatorSide?: boolean };
  /** Which attempt of the phase this is (1 = the first; absent in runs before retries, read as 1). */
  attempt?: number;
  /**
   * The earlier attempts of this phase in this cell, each invalid for a generator-side reason (why it was retried: its
   * validity.reasons); the figures are this record's, the first valid attempt (or the last one when none was valid).
   */
  retriedAttempts?: PhaseRecord[];
  /** Pids that left (died) or joined (respawned) the proxy's process tree during the phase; absent when it did not change. */
  proxyTree?: { ended: number[]; appeared: number[] };
  /** Open loop: the target could not keep up while the generator kept its schedule (a valid result); absent otherwise. */
  saturation?: Saturation;
  /** The attack run beside this phase's benign traffic (scenario `attack:`); absent otherwise. */
  attack?: AttackPhaseRecord;
}
