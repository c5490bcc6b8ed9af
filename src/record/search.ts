// The rate search's part of the run record (run.json): every step with its own histograms, its judgement, and the result.
import type { SearchSlo } from '../scenario/search-schema.js';
import type { PhaseRecord } from './phase.js';

/** A step's measured figures (latency from the intended send time, after the settle window). */
export interface StepFigures {
  p50Us: number;
  p99Us: number;
  p999Us: number;
  errorRatePct: number;
  /** The target could not carry the offered rate (validity's saturation). */
  saturated: boolean;
}

/** within: the SLO held; beyond: it did not (the target's); invalid: the generator fell behind — neither. */
export type StepOutcome = 'within' | 'beyond' | 'invalid';
/** Why a step was beyond the SLO. */
export type BeyondCause = 'latency' | 'errors' | 'saturated';

export type SearchStatus = 'found' | 'generator-bound' | 'ceiling' | 'never-met' | 'steps-exhausted';

export interface SearchResult {
  status: SearchStatus;
  /** Highest rate at which the SLO held (null when it never did). */
  rateAtSloPerSec: number | null;
  /** The lowest rate beyond the SLO, or where the generator fell behind (null: none tried). */
  beyondPerSec: number | null;
  /** What bounded the figure. */
  boundedBy: 'slo' | 'errors' | 'generator' | 'ceiling' | 'steps';
  /** The bracket is narrower than the plan's resolution. */
  resolved: boolean;
  /** One line: "12000/s", "≥ 8000/s (generator-bound)", "SLO not met at the lowest step (1000/s)". */
  text: string;
}

export interface SearchStepRecord {
  ratePerSec: number;
  /** The step as an open-loop phase: its traffic (histograms, intervals), resources and validity. */
  phase: PhaseRecord;
  /** Latency from the intended time over the per-second intervals after the settle window (null: invalid step). */
  figures: StepFigures | null;
  outcome: StepOutcome;
  cause: BeyondCause | null;
  reason: string;
}

export interface SearchRecord {
  name: string;
  slo: SearchSlo;
  fromPerSec: number;
  toPerSec: number;
  connections: number;
  settleMs: number;
  stepDurationMs: number;
  maxSteps: number;
  resolutionPct: number;
  steps: SearchStepRecord[];
  result: SearchResult;
  startMs: number;
  endMs: number;
}
