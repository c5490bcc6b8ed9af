// Test helper: literal rate-search records (steps from the record fixture's phases) for the capacity CSV and gate tests.
import { judgeStep, searchResult, type JudgedStep } from '../analyze/rate-search.js';
import type { RunRecord } from '../record/run.js';
import type { SearchRecord } from '../record/search.js';
import { phase } from './record-fixture.js';

const slo = { p99: 10, errorRatePct: 0.1 };

/** A search over `steps` (rate → p99 µs, or 'invalid'), from the first rate to `toPerSec`. */
export function searchRecord(steps: [number, number | 'invalid'][], toPerSec = 64_000): SearchRecord {
  const records = steps.map(([rate, p99Us]) => {
    const invalid = p99Us === 'invalid';
    const figures = invalid ? null : { p50Us: 100, p99Us, p999Us: p99Us, errorRatePct: 0, saturated: false };
    const j = judgeStep(figures, { p99Us: 10_000, errorRatePct: 0.1 }, invalid ? ['generator fell behind its schedule'] : []);
    const p = phase({ variant: 'x', repetition: 1, openRatePerSec: rate, rps: rate, latencyUs: invalid ? 1 : p99Us, valid: !invalid });
    return { ratePerSec: rate, phase: { ...p, name: 'capacity' }, figures, ...j };
  });
  const plan = { fromPerSec: steps[0]![0], toPerSec, maxSteps: 12, resolutionPct: 5 };
  const judged: JudgedStep[] = records.map((s) => ({ ratePerSec: s.ratePerSec, outcome: s.outcome, cause: s.cause }));
  return {
    name: 'capacity', slo, fromPerSec: plan.fromPerSec, toPerSec, connections: 64, settleMs: 1000, stepDurationMs: 3000, maxSteps: 12,
    resolutionPct: 5, steps: records, result: searchResult(plan, judged), startMs: 0, endMs: 1000,
  };
}

/** Puts `search` on the cells of `record` (per variant) and adds the search phase to its scenario. */
export function withSearches(record: RunRecord, searches: Record<string, SearchRecord[]>): RunRecord {
  const scenario = { ...record.scenario, phases: [...record.scenario.phases, { name: 'capacity', warmup: false, duration: 3000, traffic: { loop: 'search' as const, slo, from: 1000, to: 64_000, connections: 64, settle: 1000, maxSteps: 12, resolutionPct: 5 } }] };
  return { ...record, scenario, cells: record.cells.map((c) => ({ ...c, searches: searches[c.variant] ? [searches[c.variant]![c.repetition - 1]!] : undefined })) };
}
