// Pure: what a run measured — how many measured proxy × phase pairs have no valid repetition, and each phase's figures.
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
  /** Measured variant × phase pairs of the proxies that ran (warm-ups, ladders and the `direct` reference excluded). */
  measured: number;
  /** Those without a single valid repetition. */
  withoutResult: PhaseOutcome[];
  /**
   * Phases of the reference row (`direct`, no proxy) without a valid repetition: context for the reader, shown with
   * their reasons but never counted (its closed-loop phase measures the generator's own ceiling, by construction).
   */
  referenceWithoutResult: PhaseOutcome[];
  phases: PhaseOutcome[];
}

export function runOutcome(record: RunRecord): RunOutcome {
  const reference = new Set(record.variants.filter((v) => v.role === 'direct').map((v) => v.name));
  const phases = aggregateRows(summaryRows(record)).map((a) => ({
    variant: a.variant, phase: a.phase, validRepetitions: a.validRepetitions, repetitions: a.repetitions, reasons: a.problems,
  }));
  const judged = phases.filter((p) => !reference.has(p.variant));
  return {
    measured: judged.length,
    withoutResult: judged.filter((p) => p.validRepetitions === 0),
    referenceWithoutResult: phases.filter((p) => reference.has(p.variant) && p.validRepetitions === 0),
    phases,
  };
}

/** "2 of 7 measured phases have no valid result", or null when every proxy phase has one (the reference row aside). */
export function describeMissingResults(outcome: RunOutcome): string | null {
  if (outcome.withoutResult.length === 0) return null;
  return `${outcome.withoutResult.length} of ${outcome.measured} measured phases have no valid result`;
}
