// Pure: what a run measured — how many measured variant × phase pairs have no valid repetition, and each phase's figures.
import type { RunRecord } from '../record/run.js';
import { summaryRows } from './rows.js';
import { aggregateRows } from './aggregate.js';

export interface PhaseOutcome {
  variant: string;
  phase: string;
  validRepetitions: number;
  repetitions: number;
  /** Why repetitions have no result (deduplicated); empty when all are valid. */
  reasons: string[];
}

export interface RunOutcome {
  /** Measured variant × phase pairs of the variants that ran (warm-ups and ladders excluded). */
  measured: number;
  /** Those without a single valid repetition. */
  withoutResult: PhaseOutcome[];
  phases: PhaseOutcome[];
}

export function runOutcome(record: RunRecord): RunOutcome {
  const phases = aggregateRows(summaryRows(record)).map((a) => ({
    variant: a.variant, phase: a.phase, validRepetitions: a.validRepetitions, repetitions: a.repetitions, reasons: a.problems,
  }));
  return { measured: phases.length, withoutResult: phases.filter((p) => p.validRepetitions === 0), phases };
}

/** "2 of 7 measured phases have no valid result: nginx/open (generator fell behind …); …", or null when every one has. */
export function describeMissingResults(outcome: RunOutcome): string | null {
  if (outcome.withoutResult.length === 0) return null;
  return `${outcome.withoutResult.length} of ${outcome.measured} measured phases have no valid result`;
}
