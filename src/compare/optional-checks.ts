// Pure: checks that activate on data only some runs carry — memory per connection, and "no probe verdict worse".
import { bytesPerConnMetric } from './figures.js';
import { judgeFigure } from './judge.js';
import type { MemorySeries } from '../analyze/memory-series.js';
import { probeVerdictSeverity, type ProbeVerdictFigure } from '../analyze/adversarial.js';
import type { CheckResult, Thresholds } from './types.js';

/** One check per variant × ladder phase that both runs measured: the fitted bytes per connection over repetitions. */
export function memoryChecks(baseline: readonly MemorySeries[], candidate: readonly MemorySeries[], thresholds: Thresholds, alpha: number): CheckResult[] {
  const id = (s: MemorySeries) => `${s.variant}\u0000${s.ladder}`;
  const slopes = (series: readonly MemorySeries[], key: string) => series.filter((s) => id(s) === key && s.fit).map((s) => s.fit!.bytesPerConn);
  const keys = [...new Set(candidate.filter((s) => s.status !== 'skipped').map(id))].filter((k) => baseline.some((b) => id(b) === k && b.status !== 'skipped'));
  const spec = bytesPerConnMetric;
  const thresholdPct = thresholds[spec.threshold].pct;
  return keys.map((k) => {
    const [variant, ladder] = k.split('\u0000') as [string, string];
    const [baselineValues, candidateValues] = [slopes(baseline, k), slopes(candidate, k)];
    const j = judgeFigure({ baseline: baselineValues, candidate: candidateValues, worse: spec.worse, thresholdPct, alpha, label: spec.label, format: spec.format });
    return { variant, phase: ladder, trafficClass: 'connection-ladder', metric: spec.metric, unit: spec.unit, worse: spec.worse, thresholdPct, baselineValues, candidateValues, ...j };
  });
}

function worstVerdict(figures: ProbeVerdictFigure[]): string | undefined {
  return [...figures].sort((a, b) => (probeVerdictSeverity[b.verdict] ?? -1) - (probeVerdictSeverity[a.verdict] ?? -1))[0]?.verdict;
}

/** One check per variant × probe that both runs ran: the candidate's worst verdict may not be more severe. */
export function probeChecks(baseline: ProbeVerdictFigure[], candidate: ProbeVerdictFigure[]): CheckResult[] {
  const keys = [...new Set(candidate.map((p) => `${p.variant}\u0000${p.probe}`))];
  return keys.flatMap((k) => {
    const [variant, probe] = k.split('\u0000') as [string, string];
    const pick = (figures: ProbeVerdictFigure[]) => worstVerdict(figures.filter((p) => p.variant === variant && p.probe === probe));
    const [was, now] = [pick(baseline), pick(candidate)];
    if (was === undefined || now === undefined) return [];
    const [wasRank, nowRank] = [probeVerdictSeverity[was], probeVerdictSeverity[now]];
    const verdict = wasRank === undefined || nowRank === undefined ? 'inconclusive' : nowRank > wasRank ? 'fail' : 'pass';
    const message =
      verdict === 'fail' ? `probe ${probe}: verdict got worse: ${was} → ${now}`
      : verdict === 'pass' ? `probe ${probe}: ${was} → ${now}, not worse`
      : `probe ${probe}: cannot rank ${wasRank === undefined ? was : now} (known: ${Object.keys(probeVerdictSeverity).join(', ')})`;
    return [{
      variant, phase: probe, trafficClass: 'probe', metric: 'probe_verdict', unit: 'verdict', worse: 'higher' as const, verdict, message,
      baselineValues: [], candidateValues: [], baselineMedian: wasRank ?? null, candidateMedian: nowRank ?? null,
      changePct: null, thresholdPct: null, pValue: null, baselineLabel: was, candidateLabel: now,
    }];
  });
}
