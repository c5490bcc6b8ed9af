// Pure: report.md's probe verdict matrix and clean-vs-under-attack table (as in report.html); '' without that data.
import { attackLatency, probeVerdicts } from '../../analyze/adversarial.js';
import type { RunRecord } from '../../record/run.js';
import { formatUs } from '../../shared/units.js';
import { renderAttackDetails, renderProbeFailures } from './adversarial-details.js';

export function renderProbeSection(record: RunRecord): string {
  const verdicts = probeVerdicts(record);
  if (verdicts.length === 0) return '';
  const variants = [...new Set(verdicts.map((v) => v.variant))];
  const probes = [...new Set(verdicts.map((v) => v.probe))];
  const rows = probes.map((probe) => `| \`${probe}\` | ${variants.map((variant) => {
    const v = verdicts.find((x) => x.probe === probe && x.variant === variant);
    return v === undefined ? '–' : `${v.verdict}${v.pass === false ? ' ✘' : ''}`;
  }).join(' | ')} |`);
  const failures = renderProbeFailures(record);
  return ['## Probe verdicts', '', `| probe | ${variants.join(' | ')} |`, `|---|${variants.map(() => '---').join('|')}|`, ...rows, ...(failures ? ['', failures] : [])].join('\n');
}

export function renderAttackSection(record: RunRecord): string {
  const figures = attackLatency(record);
  if (figures.length === 0) return '';
  const details = renderAttackDetails(record);
  const change = (clean: number, attack: number) => (clean > 0 ? `${attack >= clean ? '+' : '−'}${Math.abs(((attack - clean) / clean) * 100).toFixed(0)}%` : '–');
  const rows = figures.map(
    (f) =>
      `| ${f.variant} | ${f.attack} | ${formatUs(f.clean.p99Us)} | ${formatUs(f.underAttack.p99Us)} | ${change(f.clean.p99Us, f.underAttack.p99Us)} | ` +
      `${formatUs(f.clean.p999Us)} | ${formatUs(f.underAttack.p999Us)} | ${change(f.clean.p999Us, f.underAttack.p999Us)} |`,
  );
  return [
    '## Benign latency: clean vs under attack',
    '',
    '| variant | attack | p99 clean | p99 under attack | Δ | p99.9 clean | p99.9 under attack | Δ |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    ...(details ? ['', details] : []),
  ].join('\n');
}
