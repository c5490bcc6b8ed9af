// Pure: per measured phase, the same figures as report.md's table (median over valid repetitions [min–max]).
import { aggregateRows, type Spread, type VariantPhaseAggregate } from '../../../analyze/aggregate.js';
import type { RunRecord } from '../../../record/run.js';
import { formatBytes, formatUs } from '../../../shared/units.js';
import { summaryRows } from '../../../analyze/rows.js';
import { escapeHtml, htmlTable } from '../html.js';
import { latencyPhases } from './latency.js';
import { phaseAnchor } from './verdict.js';

/** "1.05–1.12 ms" when both ends share a unit, else "865 µs–1.02 ms". */
export function formatRangeUs(minUs: number, maxUs: number): string {
  const [a, b] = [formatUs(minUs), formatUs(maxUs)];
  const [unitA, unitB] = [a.split(' ')[1], b.split(' ')[1]];
  return unitA === unitB ? `${a.split(' ')[0]}–${b}` : `${a}–${b}`;
}

const head = ['variant', 'rps', 'p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max', 'errors', 'proxy CPU cores', 'CPU s/1k req', 'proxy RSS peak', 'Δp50', 'Δp99'];

function row(a: VariantPhaseAggregate, direct: VariantPhaseAggregate | undefined, spread: boolean, color: string): string[] {
  const swatch = `<span class="swatch" style="background:${color}"></span>${escapeHtml(a.variant)}`;
  if (a.validRepetitions === 0) return [swatch, `<span class="invalid">invalid: ${escapeHtml(a.problems.join('; '))}</span>`]; // one cell spanning the row
  const f = a.figures;
  const us = (s: Spread | undefined) => (s ? formatUs(s.median) + (spread && s.max > s.min ? `<br><small>${formatRangeUs(s.min, s.max)}</small>` : '') : '–');
  const num = (s: Spread | undefined, digits: number) => (s ? s.median.toFixed(digits) : '–');
  const delta = (mine: Spread | undefined, theirs: Spread | undefined) =>
    mine && theirs && a.variant !== 'direct' ? `${mine.median >= theirs.median ? '+' : '−'}${formatUs(Math.abs(mine.median - theirs.median))}` : '–';
  const partial = a.validRepetitions < a.repetitions ? ` <small>(${a.validRepetitions}/${a.repetitions} valid)</small>` : '';
  return [
    swatch + partial,
    num(f.rps, 0),
    us(f.p50Us), us(f.p90Us), us(f.p99Us), us(f.p999Us), us(f.p9999Us), us(f.maxUs),
    f.errorRatePct ? `${f.errorRatePct.median.toFixed(2)}%` : '0',
    num(f.proxyCpuCores, 2),
    num(f.proxyCpuSPer1k, 4),
    f.proxyRssPeakBytes ? formatBytes(f.proxyRssPeakBytes.median) : '–',
    delta(f.p50Us, direct?.figures.p50Us),
    delta(f.p99Us, direct?.figures.p99Us),
  ];
}

export function phaseTable(record: RunRecord, phaseName: string, colors: Map<string, string>): string {
  const aggregates = aggregateRows(summaryRows(record)).filter((a) => a.phase === phaseName);
  const direct = aggregates.find((a) => a.variant === 'direct');
  const spread = record.scenario.repetitions > 1;
  return `<div class="scroll">${htmlTable(head, aggregates.map((a) => row(a, direct, spread, colors.get(a.variant) ?? '#000')))}</div>`;
}

export function tablesSection(record: RunRecord, colors: Map<string, string>): string {
  const phases = latencyPhases(record.scenario);
  if (phases.length === 0) return '';
  const spread = record.scenario.repetitions > 1 ? ' [min–max]' : '';
  return [
    '<h2 id="figures">Figures</h2>',
    `<p class="lead">Median over valid repetitions${spread}. Δ columns: the variant’s median minus <code>direct</code>’s — the cost of the proxy. Same as report.md.</p>`,
    ...phases.map((p) => `<h3 id="${phaseAnchor(p.name)}">Phase <code>${escapeHtml(p.name)}</code></h3>\n${phaseTable(record, p.name, colors)}`),
  ].join('\n');
}
