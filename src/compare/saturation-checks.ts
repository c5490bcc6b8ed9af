// Pure: "the candidate saturates where the baseline did not" — a fixed offered rate the candidate no longer carries fails.
import type { RunRecord } from '../record/run.js';
import { median } from './stats.js';
import type { CheckResult, Thresholds } from './types.js';

interface SaturationFigures {
  /** Valid repetitions of this open-loop phase. */
  valid: number;
  /** Of them, those marked saturated. */
  saturated: number;
  /** Achieved rate per valid repetition. */
  ratesPerSec: number[];
  targetRatePerSec: number;
}

/** The variants that are reference rows (`direct`): context for the reader, never judged by the gate. */
export function contextVariants(record: RunRecord): Set<string> {
  return new Set(record.variants.filter((v) => v.role === 'direct').map((v) => v.name));
}

/** variant × phase → saturation over the valid repetitions of each measured open-loop phase. */
function saturationFigures(record: RunRecord): Map<string, SaturationFigures & { variant: string; phase: string; trafficClass: string }> {
  const out = new Map<string, SaturationFigures & { variant: string; phase: string; trafficClass: string }>();
  for (const cell of record.cells) {
    for (const p of cell.phases) {
      if (p.warmup || p.loop !== 'open' || p.targetRatePerSec === null || !p.validity.valid) continue;
      const id = `${cell.variant}\u0000${p.name}\u0000${p.trafficClass}`;
      const entry = out.get(id) ?? { variant: cell.variant, phase: p.name, trafficClass: p.trafficClass, valid: 0, saturated: 0, ratesPerSec: [], targetRatePerSec: p.targetRatePerSec };
      out.set(id, entry);
      entry.valid += 1;
      if (p.saturation) entry.saturated += 1;
      entry.ratesPerSec.push(p.traffic.achievedRatePerSec);
    }
  }
  return out;
}

/**
 * One check per open-loop cell in which the candidate saturated (in most valid repetitions) and the baseline never did.
 * The offered rate is fixed, so a rate that falls short of it is not noise: it fails when the candidate's median achieved
 * rate is below the baseline's by more than the rps threshold, and passes within it.
 */
export function saturationChecks(baseline: RunRecord, candidate: RunRecord, thresholds: Thresholds): CheckResult[] {
  const [base, cand] = [saturationFigures(baseline), saturationFigures(candidate)];
  const context = contextVariants(candidate);
  const thresholdPct = thresholds.rpsDropPct.pct;
  const checks: CheckResult[] = [];
  for (const [id, c] of cand) {
    const b = base.get(id);
    if (!b || context.has(c.variant) || b.saturated > 0 || c.saturated * 2 <= c.valid) continue;
    const [bRate, cRate] = [median(b.ratesPerSec), median(c.ratesPerSec)];
    const changePct = bRate > 0 ? ((cRate - bRate) / bRate) * 100 : 0;
    const verdict = -changePct > thresholdPct ? 'fail' : 'pass';
    const figures = `${bRate.toFixed(0)}/s → ${cRate.toFixed(0)}/s of ${c.targetRatePerSec}/s offered (${changePct.toFixed(1)}%)`;
    const message = verdict === 'fail'
      ? `saturated where the baseline did not: ${figures}, beyond −${thresholdPct}% (${c.saturated} of ${c.valid} repetitions saturated)`
      : `saturated in ${c.saturated} of ${c.valid} repetitions, but the rate dropped within −${thresholdPct}%: ${figures}`;
    checks.push({
      variant: c.variant, phase: c.phase, trafficClass: c.trafficClass, metric: 'saturation', unit: 'responses/s', worse: 'lower', verdict, message,
      baselineValues: b.ratesPerSec, candidateValues: c.ratesPerSec, baselineMedian: bRate, candidateMedian: cRate,
      changePct, thresholdPct, pValue: null,
    });
  }
  return checks;
}
