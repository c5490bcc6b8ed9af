// Pure: the gate on attack phases both runs ran — benign tail damage (p99 under attack ÷ clean), forwarded reset streams, new findings.
import { attackFigures, type AttackFigures } from '../analyze/attacks.js';
import { h2AttackFigures, forwardedResetBadPct, tailDamageRatio, type AttackFinding } from '../analyze/h2-attacks.js';
import type { RunRecord } from '../record/run.js';
import { judgeFigure } from './judge.js';
import type { CheckResult, Thresholds } from './types.js';

const id = (f: AttackFigures) => `${f.variant}\u0000${f.phase}`;
const p99Ratio = (f: AttackFigures) => (f.clean && f.underAttack && f.clean.p99Us > 0 ? f.underAttack.p99Us / f.clean.p99Us : undefined);
const noValues = () => ({ baselineValues: [] as number[], candidateValues: [] as number[], changePct: null, pValue: null });

/** The findings of an attack row: the HTTP/2 verdict's, or for HTTP/1 attacks the benign tail alone. */
function findingsOf(f: AttackFigures): AttackFinding[] {
  const h = h2AttackFigures(f);
  if (h) return h.findings;
  const r = p99Ratio(f);
  return r !== undefined && r >= tailDamageRatio ? ['benign-tail'] : [];
}

/**
 * A run's findings over its repetitions: a count-based finding (reset streams forwarded, RSS growth, a flood taken whole)
 * in any repetition; the benign tail (p99 ≥ 2× clean) only when more than half of them show it — one noisy repetition
 * on a shared runner is the ratio check's to weigh, not a finding.
 */
function runFindings(fs: readonly AttackFigures[]): Set<AttackFinding> {
  const perRepetition = fs.map(findingsOf);
  const tailCount = perRepetition.filter((f) => f.includes('benign-tail')).length;
  const found = new Set<AttackFinding>(perRepetition.flat().filter((f) => f !== 'benign-tail'));
  if (tailCount * 2 > fs.length) found.add('benign-tail');
  return found;
}

/**
 * Per variant × attack phase in both runs:
 * - `attack_p99_ratio`: benign p99 under attack ÷ clean, over repetitions, judged like any figure (p99 threshold, noise test);
 * - `forwarded_reset_pct` (rapid reset, MadeYouReset): fails when the share of reset streams forwarded to the origin grew by
 *   more than 1 percentage point and is above 1 % (amplification is a count, not noise: no repetitions needed);
 * - `attack_findings`: fails when the candidate has a finding (reset streams forwarded, benign tail ≥ 2×, RSS growth, a
 *   flood taken whole) that the baseline did not have (runFindings: the benign tail needs a majority of repetitions).
 */
export function attackChecks(baseline: RunRecord, candidate: RunRecord, thresholds: Thresholds, alpha: number): CheckResult[] {
  const [base, cand] = [attackFigures(baseline.cells), attackFigures(candidate.cells)];
  const keys = [...new Set(cand.map(id))].filter((k) => base.some((b) => id(b) === k));
  return keys.flatMap((k): CheckResult[] => {
    const [b, c] = [base.filter((f) => id(f) === k), cand.filter((f) => id(f) === k)];
    const { variant, phase } = c[0]!;
    const key = { variant, phase, trafficClass: 'attack' };
    const ratios = (fs: AttackFigures[]) => fs.flatMap((f) => (f.invalid.length === 0 && p99Ratio(f) !== undefined ? [p99Ratio(f)!] : []));
    const thresholdPct = thresholds.p99RegressionPct.pct;
    const j = judgeFigure({ baseline: ratios(b), candidate: ratios(c), worse: 'higher', thresholdPct, alpha, label: `benign p99 under ${c[0]!.attack.kind} ÷ clean`, format: (v) => `×${v.toFixed(2)}` });
    const checks: CheckResult[] = [{ ...key, metric: 'attack_p99_ratio', unit: 'ratio', worse: 'higher', thresholdPct, baselineValues: ratios(b), candidateValues: ratios(c), ...j }];
    const pct = (fs: AttackFigures[]) => fs.flatMap((f) => { const v = h2AttackFigures(f)?.forwardedResetPct; return v === null || v === undefined ? [] : [v]; });
    const [bp, cp] = [pct(b), pct(c)];
    if (bp.length > 0 && cp.length > 0) {
      const [was, now] = [Math.max(...bp), Math.max(...cp)];
      const worse = now > was + 1 && now > forwardedResetBadPct;
      checks.push({
        ...key, metric: 'forwarded_reset_pct', unit: '%', worse: 'higher', verdict: worse ? 'fail' : 'pass', thresholdPct: null, ...noValues(), baselineValues: bp, candidateValues: cp,
        baselineMedian: was, candidateMedian: now,
        message: worse ? `${c[0]!.attack.kind}: reset streams forwarded to the origin rose from ${was}% to ${now}% (amplification)` : `${c[0]!.attack.kind}: reset streams forwarded ${was}% → ${now}%, not worse`,
      });
    }
    const [bf, cf] = [runFindings(b), runFindings(c)];
    const added = [...cf].filter((x) => !bf.has(x));
    checks.push({
      ...key, metric: 'attack_findings', unit: 'findings', worse: 'higher', verdict: added.length > 0 ? 'fail' : 'pass', thresholdPct: null, ...noValues(),
      baselineMedian: bf.size, candidateMedian: cf.size, baselineLabel: [...bf].join(' ') || 'none', candidateLabel: [...cf].join(' ') || 'none',
      message: added.length > 0 ? `${c[0]!.attack.kind}: new finding${added.length > 1 ? 's' : ''} under attack: ${added.join(', ')}` : `${c[0]!.attack.kind}: no new finding (${[...cf].join(', ') || 'none'})`,
    });
    return checks;
  });
}
