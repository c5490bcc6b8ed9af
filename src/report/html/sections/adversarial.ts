// Pure: the probe verdict matrix and benign latency clean vs under attack; empty for a run without probes or attacks.
import { attackLatencyCells, attackLatencyHeader } from '../../attack-latency-cells.js';
import { attackLatency, probeVerdicts, type AttackLatencyFigure, type ProbeVerdictFigure } from '../../../analyze/adversarial.js';
import type { RunRecord } from '../../../record/run.js';
import { formatUs } from '../../../shared/units.js';
import { escapeHtml, htmlTable } from '../html.js';
import { h2AttackRows } from '../../csv/h2-attacks-spec.js';
import { h2AttackCells, h2AttackHeader } from '../../h2-attack-cells.js';

/** A cell: green if the verdict passes the probe's tier, red with ✘ if it fails. */
function verdictCell(f: ProbeVerdictFigure | undefined): string {
  if (!f) return '–';
  const v = escapeHtml(f.verdict);
  return f.pass ? `<span class="verdict verdict-pass" title="passes its tier">${v}</span>` : `<span class="verdict verdict-fail" title="fails its tier">✘&nbsp;${v}</span>`;
}

const legend =
  '<p class="matrix-legend"><span class="verdict verdict-pass">VERDICT</span> passes the probe’s tier · ' +
  '<span class="verdict verdict-fail">✘ VERDICT</span> fails it (severe: only REJECT passes; ambiguous: REJECT, or NORMALIZE and close; acceptable: anything but MISFRAME, HANG, DESYNC, CRASH).</p>';

/** Probes down, variants across; each cell the verdict, green if it passes the probe's tier, red if it fails; a legend line below. */
export function renderProbeMatrix(verdicts: readonly ProbeVerdictFigure[]): string {
  if (verdicts.length === 0) return '';
  const variants = [...new Set(verdicts.map((v) => v.variant))];
  const probes = [...new Set(verdicts.map((v) => v.probe))];
  const rows = probes.map((probe) => [
    `<code>${escapeHtml(probe)}</code>`,
    ...variants.map((variant) => verdictCell(verdicts.find((x) => x.probe === probe && x.variant === variant))),
  ]);
  return `${htmlTable(['probe', ...variants.map(escapeHtml)], rows, { className: 'matrix', numericFrom: 99 })}\n${legend}`;
}

export function renderAttackTable(figures: readonly AttackLatencyFigure[]): string {
  if (figures.length === 0) return '';
  const anyInvalid = figures.some((f) => f.invalid);
  const rows = figures.map((f) => {
    const { figures: cells, invalid } = attackLatencyCells(f);
    return [escapeHtml(f.variant), escapeHtml(f.attack), ...cells.map(escapeHtml), ...(anyInvalid ? [invalid ? `invalid: ${escapeHtml(invalid)}` : ''] : [])];
  });
  return htmlTable([...attackLatencyHeader, ...(anyInvalid ? ['not a result'] : [])], rows, { numericFrom: 2 });
}

export function probeSection(record: RunRecord): string {
  const matrix = renderProbeMatrix(probeVerdicts(record));
  return matrix ? `<h2 id="probes">Probe verdicts</h2>\n${matrix}` : '';
}

export function attackSection(record: RunRecord): string {
  const table = renderAttackTable(attackLatency(record));
  return table ? `<h2 id="attack">Benign latency: clean vs under attack</h2>\n${table}` : '';
}

/** The HTTP/2 attacks: verdict, the proxy's answer, frames, forwarded reset streams, cost; '' without them. */
export function h2AttackSection(record: RunRecord): string {
  const rows = h2AttackRows(record);
  if (rows.length === 0) return '';
  const table = htmlTable(h2AttackHeader, rows.map((r) => h2AttackCells(r).map(escapeHtml)), { numericFrom: 99 });
  return `<h2 id="h2-attacks">HTTP/2 attacks</h2>\n<p>Raw frames over each variant’s h2 listener beside the benign traffic (“benign”: its protocol, connections × streams; benign h2 is compared with a clean h2 phase); “forwarded for reset streams”: attack requests the upstream received ÷ streams opened, every one reset. ✘ marks a finding; “– (…)” a missing figure and why. h2-attacks.csv has every count.</p>\n${table}`;
}
