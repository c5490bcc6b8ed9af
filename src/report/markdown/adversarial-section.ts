// Pure: report.md's probe verdict matrix and clean-vs-under-attack table (as in report.html); '' without that data.
import { attackLatency, probeVerdicts } from '../../analyze/adversarial.js';
import { attackLatencyCells, attackLatencyHeader } from '../attack-latency-cells.js';
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
  const anyInvalid = figures.some((f) => f.invalid);
  const rows = figures.map((f) => {
    const { figures: cells, invalid } = attackLatencyCells(f);
    return `| ${[f.variant, f.attack, ...cells, ...(anyInvalid ? [invalid ? `invalid: ${invalid}` : ''] : [])].map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  });
  const header = [...attackLatencyHeader, ...(anyInvalid ? ['not a result'] : [])];
  return [
    '## Benign latency: clean vs under attack',
    '',
    `| ${header.join(' | ')} |`,
    `|---|---|${header.slice(2).map((_, i) => (i < 6 ? '---:' : '---')).join('|')}|`,
    ...rows,
    ...(details ? ['', details] : []),
  ].join('\n');
}
