// Pure: the release gate — matches two runs' cells and judges each figure; no IO (the CLI command reads and writes).
import type { RunRecord } from '../record/run.js';
import { benignMetrics, cellGroups, failedCells, optionalMetrics } from './figures.js';
import { judgeFigure } from './judge.js';
import { memoryChecks, probeChecks } from './optional-checks.js';
import { probeVerdicts } from '../analyze/adversarial.js';
import { missingChecks } from './missing-checks.js';
import { contextVariants, saturationChecks } from './saturation-checks.js';
import { capacityChecks } from './capacity-checks.js';
import { attackChecks } from './attack-checks.js';
import { memoryPerConnectionSeries } from '../analyze/memory-series.js';
import { defaultAlpha, resolveThresholds, type ThresholdFlags } from './thresholds.js';
import { overallVerdict, type CheckResult, type CompareResult } from './types.js';

export interface CompareInput {
  baseline: { record: RunRecord; runDir: string };
  candidate: { record: RunRecord; runDir: string };
  flags: ThresholdFlags;
  alpha?: number;
  /** Accept what the baseline measured and the candidate lacks (variant, phase, ladder, probe); the verdict says so. */
  allowMissing?: boolean;
}

/** Judges every figure of every cell the two runs share; the candidate's scenario `slo` supplies unset thresholds. */
export function compareRuns(input: CompareInput): CompareResult {
  const { baseline, candidate } = input;
  const alpha = input.alpha ?? defaultAlpha;
  const thresholds = resolveThresholds(input.flags, candidate.record.scenario.slo);
  const baseGroups = cellGroups(baseline.record);
  const candGroups = cellGroups(candidate.record);
  // `direct` (no proxy) is the reference the reader reads each proxy's cost against, not a candidate: never judged.
  const context = new Set([...contextVariants(baseline.record), ...contextVariants(candidate.record)]);
  const checks: CheckResult[] = [...cellStatusChecks(baseline.record, candidate.record).filter((c) => !context.has(c.variant))];
  const unmatched: CompareResult['unmatched'] = [];
  for (const [id, cand] of candGroups) {
    if (context.has(cand.key.variant)) continue;
    const base = baseGroups.get(id);
    if (!base) {
      unmatched.push({ side: 'candidate', key: cand.key });
      continue;
    }
    for (const spec of benignMetrics) {
      const [baselineValues, candidateValues] = [base.values[spec.metric] ?? [], cand.values[spec.metric] ?? []];
      if (baselineValues.length === 0 && candidateValues.length === 0 && optionalMetrics.has(spec.metric)) continue; // direct: no proxy; plaintext: no handshakes
      const thresholdPct = thresholds[spec.threshold].pct;
      const j = judgeFigure({ baseline: baselineValues, candidate: candidateValues, worse: spec.worse, thresholdPct, alpha, label: spec.label, format: spec.format });
      const message = withProblems(j.message, baselineValues.length === 0 ? base.problems : [], candidateValues.length === 0 ? cand.problems : []);
      checks.push({ ...cand.key, metric: spec.metric, unit: spec.unit, worse: spec.worse, thresholdPct, baselineValues, candidateValues, ...j, message });
    }
  }
  const [baseMemory, candMemory] = [memoryPerConnectionSeries(baseline.record), memoryPerConnectionSeries(candidate.record)];
  const [baseProbes, candProbes] = [probeVerdicts(baseline.record), probeVerdicts(candidate.record)];
  checks.push(...memoryChecks(baseMemory, candMemory, thresholds, alpha));
  checks.push(...probeChecks(baseProbes, candProbes));
  const allowMissing = input.allowMissing === true;
  checks.push(...missingChecks({ baseline: baseline.record, candidate: candidate.record, baseGroups, candGroups, baseMemory, candMemory, baseProbes, candProbes, allowMissing }).filter((c) => !context.has(c.variant)));
  checks.push(...saturationChecks(baseline.record, candidate.record, thresholds));
  checks.push(...capacityChecks(baseline.record, candidate.record, thresholds, alpha));
  checks.push(...attackChecks(baseline.record, candidate.record, thresholds, alpha).filter((c) => !context.has(c.variant)));
  return {
    baseline: describe(baseline.record, baseline.runDir),
    candidate: describe(candidate.record, candidate.runDir),
    thresholds,
    alpha,
    checks,
    unmatched,
    allowMissing,
    verdict: overallVerdict(checks),
  };
}

/** A figure's message with each side's reasons for having no valid repetition, named by side. */
function withProblems(message: string, baseline: string[], candidate: string[]): string {
  const parts = [
    ...(baseline.length > 0 ? [`baseline: ${baseline.join('; ')}`] : []),
    ...(candidate.length > 0 ? [`candidate: ${candidate.join('; ')}`] : []),
  ];
  return parts.length > 0 ? `${message} (${parts.join(' — ')})` : message;
}

function describe(record: RunRecord, runDir: string): CompareResult['baseline'] {
  return { runId: record.runId, runDir, scenario: record.scenario.name, repetitions: record.scenario.repetitions };
}

/** Per variant both runs ran: a candidate whose cells crash or fail to start more often than the baseline's fails. */
function cellStatusChecks(baseline: RunRecord, candidate: RunRecord): CheckResult[] {
  const [base, cand] = [failedCells(baseline), failedCells(candidate)];
  return [...cand].flatMap(([variant, c]) => {
    const b = base.get(variant);
    if (!b) return [];
    const [bRate, cRate] = [b.failed / Math.max(1, b.total), c.failed / Math.max(1, c.total)];
    const verdict = cRate > bRate ? 'fail' : 'pass';
    const message =
      verdict === 'fail' ? `cells failed: ${c.failed}/${c.total} in the candidate vs ${b.failed}/${b.total} in the baseline (${c.messages.join('; ')})`
      : `cells completed: ${c.total - c.failed}/${c.total} (baseline ${b.total - b.failed}/${b.total})`;
    return [{
      variant, phase: '*', trafficClass: '*', metric: 'cells_failed', unit: 'cells', worse: 'higher' as const, verdict, message,
      baselineValues: [b.failed], candidateValues: [c.failed], baselineMedian: b.failed, candidateMedian: c.failed,
      changePct: null, thresholdPct: 0, pValue: null,
    }];
  });
}
