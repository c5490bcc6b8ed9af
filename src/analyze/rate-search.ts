// Pure: the rate search — judge each open-loop step against the SLO, choose the next rate (bracket, then bisect), and say what was found.
import type { BeyondCause, SearchResult, SearchStatus, StepFigures, StepOutcome } from '../record/search.js';

export type { BeyondCause, SearchResult, SearchStatus, StepFigures, StepOutcome };

export interface SearchSloUs {
  p50Us?: number;
  p99Us?: number;
  p999Us?: number;
  errorRatePct: number;
}

export interface SearchPlan {
  fromPerSec: number;
  toPerSec: number;
  maxSteps: number;
  resolutionPct: number;
}

export interface StepJudgement {
  outcome: StepOutcome;
  cause: BeyondCause | null;
  /** One sentence with the figures. */
  reason: string;
}

export interface JudgedStep {
  ratePerSec: number;
  outcome: StepOutcome;
  cause: BeyondCause | null;
}

const ms = (us: number) => `${(us / 1000).toFixed(2)} ms`;

/** A step is invalid when the generator fell behind; else beyond on errors, a latency percentile or a rate it could not carry. */
export function judgeStep(figures: StepFigures | null, slo: SearchSloUs, invalidReasons: readonly string[]): StepJudgement {
  if (invalidReasons.length > 0 || figures === null) {
    return { outcome: 'invalid', cause: null, reason: `invalid (not counted): ${invalidReasons.join('; ') || 'nothing measured'}` };
  }
  if (figures.errorRatePct > slo.errorRatePct) {
    return { outcome: 'beyond', cause: 'errors', reason: `errors ${figures.errorRatePct.toFixed(3)}% > ${slo.errorRatePct}%` };
  }
  const over = (['p50', 'p99', 'p999'] as const).flatMap((p) => {
    const limit = slo[`${p}Us`];
    const value = figures[`${p}Us`];
    return limit !== undefined && value > limit ? [`${p === 'p999' ? 'p99.9' : p} ${ms(value)} > ${ms(limit)}`] : [];
  });
  if (over.length > 0) return { outcome: 'beyond', cause: 'latency', reason: over.join(', ') };
  if (figures.saturated) return { outcome: 'beyond', cause: 'saturated', reason: 'the target could not carry the offered rate (saturated)' };
  return { outcome: 'within', cause: null, reason: `within: p99 ${ms(figures.p99Us)}, p99.9 ${ms(figures.p999Us)}, errors ${figures.errorRatePct.toFixed(3)}%` };
}

interface Bracket {
  /** Highest rate within the SLO below `beyond` (null: none yet). */
  within: number | null;
  /** Lowest rate beyond the SLO (null: none yet). */
  beyond: number | null;
  /** Lowest rate at which the generator fell behind twice (null: none). */
  generatorCeiling: number | null;
}

function bracketOf(steps: readonly JudgedStep[]): Bracket {
  const beyondRates = steps.filter((s) => s.outcome === 'beyond').map((s) => s.ratePerSec);
  const beyond = beyondRates.length > 0 ? Math.min(...beyondRates) : null;
  const withinRates = steps.filter((s) => s.outcome === 'within' && (beyond === null || s.ratePerSec < beyond)).map((s) => s.ratePerSec);
  const invalidTwice = [...new Set(steps.filter((s) => s.outcome === 'invalid').map((s) => s.ratePerSec))]
    .filter((r) => steps.filter((s) => s.outcome === 'invalid' && s.ratePerSec === r).length >= 2);
  return {
    within: withinRates.length > 0 ? Math.max(...withinRates) : null,
    beyond,
    generatorCeiling: invalidTwice.length > 0 ? Math.min(...invalidTwice) : null,
  };
}

/**
 * The next rate to try, or null when the search is done. From `from`, doubling (capped at `to`) while the SLO holds;
 * then bisecting between the highest rate within and the lowest beyond (or where the generator fell behind twice)
 * until they are within `resolutionPct`. An invalid step is retried once at the same rate. At most `maxSteps` steps.
 */
export function nextRate(plan: SearchPlan, steps: readonly JudgedStep[]): number | null {
  if (steps.length >= plan.maxSteps) return null;
  if (steps.length === 0) return plan.fromPerSec;
  const last = steps[steps.length - 1]!;
  const b = bracketOf(steps);
  if (last.outcome === 'invalid' && steps.filter((s) => s.ratePerSec === last.ratePerSec && s.outcome === 'invalid').length === 1) return last.ratePerSec;
  const upper = Math.min(b.beyond ?? Infinity, b.generatorCeiling ?? Infinity);
  if (b.within === null) return null; // `from` itself was beyond the SLO, or the generator could not schedule it
  if (upper === Infinity) return b.within >= plan.toPerSec ? null : Math.min(plan.toPerSec, Math.round(b.within * 2));
  if (((upper - b.within) / b.within) * 100 <= plan.resolutionPct) return null;
  const mid = Math.round((b.within + upper) / 2);
  return mid > b.within && mid < upper ? mid : null;
}

/** What the steps found. */
export function searchResult(plan: SearchPlan, steps: readonly JudgedStep[]): SearchResult {
  const b = bracketOf(steps);
  const generatorFirst = b.generatorCeiling !== null && (b.beyond === null || b.generatorCeiling < b.beyond);
  const beyondPerSec = generatorFirst ? b.generatorCeiling : b.beyond;
  const resolved = b.within !== null && beyondPerSec !== null && ((beyondPerSec - b.within) / b.within) * 100 <= plan.resolutionPct;
  const r = (status: SearchStatus, boundedBy: SearchResult['boundedBy'], text: string): SearchResult =>
    ({ status, rateAtSloPerSec: b.within, beyondPerSec, boundedBy, resolved, text });
  const rate = (v: number) => `${Math.round(v)}/s`;
  if (b.within === null) {
    if (generatorFirst || b.beyond === null) return r('generator-bound', 'generator', `not measured: the generator could not keep its schedule at the lowest step (${rate(plan.fromPerSec)})`);
    return r('never-met', cause(steps, b.beyond), `SLO not met at the lowest step (${rate(plan.fromPerSec)})`);
  }
  if (generatorFirst) return r('generator-bound', 'generator', `≥ ${rate(b.within)} (generator-bound: it fell behind at ${rate(b.generatorCeiling!)})`);
  if (b.beyond === null) {
    return b.within >= plan.toPerSec
      ? r('ceiling', 'ceiling', `≥ ${rate(b.within)} (the search's ceiling, to: ${rate(plan.toPerSec)})`)
      : r('steps-exhausted', 'steps', `≥ ${rate(b.within)} (steps ran out before the SLO broke)`);
  }
  const within = `${rate(b.within)} (beyond at ${rate(b.beyond)}${resolved ? '' : `, bracket wider than ${plan.resolutionPct}%: steps ran out`})`;
  return r('found', cause(steps, b.beyond), within);
}

function cause(steps: readonly JudgedStep[], beyondPerSec: number): 'slo' | 'errors' {
  return steps.some((s) => s.ratePerSec === beyondPerSec && s.outcome === 'beyond' && s.cause === 'errors') ? 'errors' : 'slo';
}
