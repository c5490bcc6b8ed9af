// How many times, and for how long in all, a run re-runs phases that were invalid for a generator-side reason.
import type { Scenario } from '../scenario/schema.js';

export type RetryDecision = { retry: true } | { retry: false; why: string };

export interface RetryBudget {
  /** Re-runs allowed per phase of a cell (the scenario's `retries`, or --retries). */
  readonly maxPerPhase: number;
  /** Most time all re-runs of the run may take together. */
  readonly budgetMs: number;
  /** Whether a phase that has had `attempts` attempts may have one more of `durationMs`. */
  decide(attempts: number, durationMs: number): RetryDecision;
  /** Counts a re-run's time against the budget. */
  spend(ms: number): void;
}

/**
 * Pure: the run's retry time budget — as long as all its measured open- and closed-loop phases together (retries at
 * most double the measuring time, however noisy the machine), and never less than the retries of its longest phase.
 */
export function retryBudgetMs(scenario: Pick<Scenario, 'phases' | 'repetitions' | 'retries'>, variants: number): number {
  const measured = scenario.phases.filter((p) => !p.warmup && (p.traffic.loop === 'open' || p.traffic.loop === 'closed'));
  const perCell = measured.reduce((sum, p) => sum + p.duration, 0);
  const longest = Math.max(0, ...measured.map((p) => p.duration));
  return Math.max(longest * scenario.retries, perCell * scenario.repetitions * variants);
}

export function retryBudget(maxPerPhase: number, budgetMs: number): RetryBudget {
  let spentMs = 0;
  return {
    maxPerPhase,
    budgetMs,
    decide(attempts, durationMs) {
      if (maxPerPhase === 0) return { retry: false, why: 'retries are off (retries: 0)' };
      if (attempts > maxPerPhase) return { retry: false, why: `its ${maxPerPhase} retr${maxPerPhase === 1 ? 'y' : 'ies'} are used` };
      if (spentMs + durationMs > budgetMs) return { retry: false, why: `the run's retry time budget (${(budgetMs / 1000).toFixed(0)} s, ${(spentMs / 1000).toFixed(0)} s used) is spent` };
      return { retry: true };
    },
    spend(ms) {
      spentMs += ms;
    },
  };
}
