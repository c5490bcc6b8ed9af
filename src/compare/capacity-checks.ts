// Pure: the gate on capacity — per variant × rate search both runs ran, the rate at SLO may not drop beyond the rps threshold.
import type { RunRecord } from '../record/run.js';
import type { SearchRecord } from '../record/search.js';
import { judgeFigure } from './judge.js';
import { contextVariants } from './saturation-checks.js';
import type { CheckResult, Thresholds } from './types.js';

interface CapacityValues {
  /** One value per repetition whose search measured the proxy: the rate at SLO, 0 when the SLO held at no step. */
  values: number[];
  /** Repetitions whose figure is not the proxy's (generator-bound, out of steps): why. */
  problems: string[];
}

/** A search that held at its ceiling is the ceiling on both sides (comparable); a generator-bound one measured the generator. */
function value(search: SearchRecord): number | null {
  const r = search.result;
  if (r.status === 'found' || r.status === 'ceiling') return r.rateAtSloPerSec;
  if (r.status === 'never-met') return 0;
  return null;
}

function capacityValues(record: RunRecord): Map<string, CapacityValues & { variant: string; search: string }> {
  const out = new Map<string, CapacityValues & { variant: string; search: string }>();
  for (const cell of record.cells) {
    for (const search of cell.searches ?? []) {
      const id = `${cell.variant}\u0000${search.name}`;
      const entry = out.get(id) ?? { variant: cell.variant, search: search.name, values: [], problems: [] };
      out.set(id, entry);
      const v = value(search);
      if (v === null) entry.problems.push(`#${cell.repetition} ${search.result.text}`);
      else entry.values.push(v);
    }
  }
  return out;
}

export function capacityChecks(baseline: RunRecord, candidate: RunRecord, thresholds: Thresholds, alpha: number): CheckResult[] {
  const [base, cand] = [capacityValues(baseline), capacityValues(candidate)];
  const context = contextVariants(candidate);
  const thresholdPct = thresholds.rpsDropPct.pct;
  return [...cand].flatMap(([id, c]) => {
    const b = base.get(id);
    if (!b || context.has(c.variant)) return [];
    const j = judgeFigure({ baseline: b.values, candidate: c.values, worse: 'lower', thresholdPct, alpha, label: 'rate at SLO', format: (v) => `${Math.round(v)}/s` });
    const problems = [...(c.values.length === 0 ? c.problems : []), ...(b.values.length === 0 ? b.problems : [])];
    const message = problems.length > 0 ? `${j.message} (${problems.join('; ')})` : j.message;
    return [{
      variant: c.variant, phase: c.search, trafficClass: 'rate-search', metric: 'rate_at_slo_rps', unit: 'requests/s', worse: 'lower' as const,
      thresholdPct, baselineValues: b.values, candidateValues: c.values, ...j, message,
    }];
  });
}
