// Pure: what the baseline measured and the candidate lacks (variant, phase, traffic class, ladder, probe) — a failed check unless allowed.
import type { RunRecord } from '../record/run.js';
import type { MemorySeries } from '../analyze/memory-series.js';
import type { ProbeVerdictFigure } from '../analyze/adversarial.js';
import type { CellGroup } from './figures.js';
import type { CheckKey, CheckResult } from './types.js';

/** The gate's check name for "the candidate has what the baseline measured". */
export const missingMetric = 'present_in_candidate';

/** Why the candidate has nothing for this variant: skipped (with its reason), not selected, or no such phase. */
function whyMissing(candidate: RunRecord, key: CheckKey, what: string): string {
  const variant = candidate.variants.find((v) => v.name === key.variant);
  if (!variant) return `${what}: the candidate run has no variant ${key.variant}`;
  if (variant.status === 'skipped') return `${what}: ${key.variant} was skipped in the candidate (${variant.skipReason ?? 'no reason recorded'})`;
  const cells = candidate.cells.filter((c) => c.variant === key.variant);
  if (cells.length === 0) return `${what}: the candidate run has no cell of ${key.variant} (status ${candidate.status})`;
  return `${what}: the candidate’s cells of ${key.variant} have none`;
}

function missingCheck(candidate: RunRecord, key: CheckKey, what: string, allowMissing: boolean): CheckResult {
  const why = whyMissing(candidate, key, what);
  return {
    ...key, metric: missingMetric, unit: 'presence', worse: 'lower',
    verdict: allowMissing ? 'pass' : 'fail',
    message: allowMissing ? `missing in the candidate, allowed by --allow-missing: ${why}` : `missing in the candidate: ${why} (the gate cannot pass on data it does not have; --allow-missing accepts it explicitly)`,
    baselineValues: [], candidateValues: [], baselineMedian: 1, candidateMedian: 0, changePct: null, thresholdPct: null, pValue: null,
    baselineLabel: 'measured', candidateLabel: 'missing',
    ...(allowMissing ? { allowedMissing: true } : {}),
  };
}

export interface MissingInput {
  baseline: RunRecord;
  candidate: RunRecord;
  baseGroups: Map<string, CellGroup>;
  candGroups: Map<string, CellGroup>;
  baseMemory: readonly MemorySeries[];
  candMemory: readonly MemorySeries[];
  baseProbes: readonly ProbeVerdictFigure[];
  candProbes: readonly ProbeVerdictFigure[];
  allowMissing: boolean;
}

/** One check per baseline cell group, ladder and probe the candidate does not have. */
export function missingChecks(input: MissingInput): CheckResult[] {
  const { candidate, allowMissing } = input;
  const checks: CheckResult[] = [];
  for (const [id, base] of input.baseGroups) {
    if (!input.candGroups.has(id)) checks.push(missingCheck(candidate, base.key, `phase ${base.key.phase} (${base.key.trafficClass})`, allowMissing));
  }
  const ladderId = (s: MemorySeries) => `${s.variant}\u0000${s.ladder}`;
  const candLadders = new Set(input.candMemory.filter((s) => s.status !== 'skipped').map(ladderId));
  const seenLadders = new Set<string>();
  for (const s of input.baseMemory.filter((m) => m.status !== 'skipped')) {
    const id = ladderId(s);
    if (candLadders.has(id) || seenLadders.has(id)) continue;
    seenLadders.add(id);
    checks.push(missingCheck(candidate, { variant: s.variant, phase: s.ladder, trafficClass: 'connection-ladder' }, `ladder ${s.ladder}`, allowMissing));
  }
  const probeId = (p: ProbeVerdictFigure) => `${p.variant}\u0000${p.probe}`;
  const candProbes = new Set(input.candProbes.map(probeId));
  const seenProbes = new Set<string>();
  for (const p of input.baseProbes) {
    const id = probeId(p);
    if (candProbes.has(id) || seenProbes.has(id)) continue;
    seenProbes.add(id);
    checks.push(missingCheck(candidate, { variant: p.variant, phase: p.probe, trafficClass: 'probe' }, `probe ${p.probe}`, allowMissing));
  }
  return checks;
}
