// Runs one rate-search phase against a started target: open-loop steps chosen by the search, each kept with its own histograms.
import { judgeStep, nextRate, searchResult, type JudgedStep, type SearchPlan } from '../analyze/rate-search.js';
import { sloInUs, stepFigures } from '../analyze/search-step.js';
import type { RunningTarget } from '../runtime/target.js';
import type { Phase } from '../scenario/schema.js';
import type { SearchTraffic } from '../scenario/search-schema.js';
import type { PhaseEnv } from './run-phase.js';
import type { PhaseRecord } from '../record/run.js';
import { runPhase } from './run-phase.js';
import { throwIfStopped } from './stop.js';
import type { SearchRecord, SearchStepRecord } from '../record/search.js';

export type SearchPhase = Phase & { traffic: SearchTraffic };

export const isSearchPhase = (phase: Phase): phase is SearchPhase => phase.traffic.loop === 'search';

/** Runs one open-loop step (the real one drives the generator; tests pass a scripted target). */
export type RunStep = (ctx: PhaseEnv, target: RunningTarget, phase: Phase) => Promise<PhaseRecord>;

export function searchPlan(t: SearchTraffic): SearchPlan {
  return { fromPerSec: t.from, toPerSec: t.to, maxSteps: t.maxSteps, resolutionPct: t.resolutionPct };
}

export async function runSearch(ctx: PhaseEnv, target: RunningTarget, phase: SearchPhase, runStep: RunStep = runPhase): Promise<SearchRecord> {
  const t = phase.traffic;
  const plan = searchPlan(t);
  const slo = sloInUs(t.slo);
  const steps: SearchStepRecord[] = [];
  const judged = (): JudgedStep[] => steps.map((s) => ({ ratePerSec: s.ratePerSec, outcome: s.outcome, cause: s.cause }));
  const startMs = ctx.nowMs();
  for (let rate = nextRate(plan, judged()); rate !== null; rate = nextRate(plan, judged())) {
    throwIfStopped(ctx.signal);
    const step: Phase = { name: phase.name, warmup: false, duration: phase.duration, traffic: { loop: 'open', rate, connections: t.connections } };
    const record = await runStep(ctx, target, step);
    const figures = record.validity.valid ? stepFigures(record.traffic, t.settle, record.saturation !== undefined) : null;
    const judgement = judgeStep(figures, slo, record.validity.valid && figures === null ? ['nothing completed after the settle window'] : record.validity.reasons);
    steps.push({ ratePerSec: rate, phase: record, figures, ...judgement });
    ctx.log(`  ${target.variant} search ${phase.name} step ${steps.length} at ${rate}/s: ${judgement.outcome === 'invalid' ? '' : `${judgement.outcome} — `}${judgement.reason}`);
    if (target.exit()) break;
  }
  return {
    name: phase.name, slo: t.slo, fromPerSec: t.from, toPerSec: t.to, connections: t.connections, settleMs: t.settle,
    stepDurationMs: phase.duration, maxSteps: t.maxSteps, resolutionPct: t.resolutionPct,
    steps, result: searchResult(plan, judged()), startMs, endMs: ctx.nowMs(),
  };
}
