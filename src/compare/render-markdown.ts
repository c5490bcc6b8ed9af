// Pure: compare.md — the gate's verdict, every regressed cell with its figures and threshold; fit for a job summary.
import { checkLabel, describeThresholds, formatChange, formatSide, formatThreshold } from './format.js';
import { minRepetitions } from './judge.js';
import { missingMetric } from './missing-checks.js';
import type { CheckResult, CompareResult, Verdict } from './types.js';

const badge: Record<Verdict, string> = { pass: '✅ PASS', fail: '❌ FAIL', inconclusive: '⚠️ INCONCLUSIVE' };

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const where = (c: CheckResult) => (c.phase === '*' ? `\`${c.variant}\`` : `\`${c.variant}\` · \`${c.phase}\`${c.trafficClass === 'benign' ? '' : ` (${c.trafficClass})`}`);
const pText = (c: CheckResult) => (c.pValue === null ? '–' : c.pValue.toFixed(3));

function table(checks: CheckResult[], withVerdict: boolean): string {
  const head = withVerdict
    ? ['| cell | check | verdict | baseline | candidate | change | threshold | p |', '|---|---|---|---:|---:|---:|---:|---:|']
    : ['| cell | check | baseline | candidate | change | threshold | p |', '|---|---|---:|---:|---:|---:|---:|'];
  const rows = checks.map((c) =>
    [where(c), checkLabel(c), ...(withVerdict ? [c.verdict] : []), formatSide(c, 'baseline'), formatSide(c, 'candidate'), formatChange(c), formatThreshold(c), pText(c)]
      .map(cell)
      .join(' | '),
  );
  return [...head, ...rows.map((r) => `| ${r} |`)].join('\n');
}

function section(title: string, checks: CheckResult[], intro: string): string {
  if (checks.length === 0) return '';
  return [`## ${title} (${checks.length})`, '', intro, '', table(checks, false), '', ...checks.map((c) => `- ${where(c)}: ${cell(c.message)}`)].join('\n');
}

export function renderCompareMarkdown(result: CompareResult): string {
  const { baseline: b, candidate: c } = result;
  const counts = (['fail', 'inconclusive', 'pass'] as Verdict[]).map((v) => `${result.checks.filter((k) => k.verdict === v).length} ${v}`).join(', ');
  const failed = result.checks.filter((k) => k.verdict === 'fail' && k.metric !== missingMetric);
  const unsure = result.checks.filter((k) => k.verdict === 'inconclusive');
  const missing = result.checks.filter((k) => k.metric === missingMetric);
  const allowed = missing.filter((k) => k.allowedMissing);
  const unmatched = result.unmatched.map((u) => `- only in the ${u.side}: \`${u.key.variant}\` · \`${u.key.phase}\` (${u.key.trafficClass})`);
  const parts = [
    `# proxybench compare: ${badge[result.verdict]}`,
    '',
    `Baseline \`${b.runId}\` (scenario **${b.scenario}**, ${b.repetitions} repetition(s)) → candidate \`${c.runId}\` (scenario **${c.scenario}**, ${c.repetitions} repetition(s)): ${result.checks.length} checks — ${counts}.`,
    '',
    `Thresholds: ${describeThresholds(result.thresholds)}.`,
    allowed.length > 0 ? `**${allowed.length} item(s) the baseline measured are missing in the candidate and were allowed by \`--allow-missing\`**: ${allowed.map((k) => `${where(k)}`).join(', ')}.` : '',
    section('Missing in the candidate', missing.filter((k) => !k.allowedMissing), 'The baseline measured these and the candidate has nothing for them (skipped, not installed, not in its scenario): the gate cannot pass without them; `--allow-missing` accepts it explicitly.'),
    section('Regressions', failed, 'Medians over valid repetitions [min–max]; the change is the candidate’s median against the baseline’s.'),
    section('Inconclusive', unsure, `Cannot tell a change from noise: fewer than ${minRepetitions} valid repetitions on a side, or a change beyond the threshold that the repetitions do not confirm.`),
    unmatched.length > 0 ? ['## Only in the candidate (not compared)', '', ...unmatched].join('\n') : '',
    ['## All checks', '', table(result.checks, true)].join('\n'),
    [
      '---',
      `A check fails when the candidate’s median is worse than the baseline’s by more than the threshold **and** a one-sided ` +
        `Mann-Whitney U test over the per-repetition values finds the candidate worse than the baseline moved by the threshold ` +
        `(α = ${result.alpha}; with 3 repetitions a side only a complete separation reaches it). Identical values pass. ` +
        `Invalid phases are never compared. Also in this folder: compare.csv (docs/csv.md), junit.xml.`,
    ].join('\n'),
  ];
  return parts.filter(Boolean).join('\n\n') + '\n';
}
