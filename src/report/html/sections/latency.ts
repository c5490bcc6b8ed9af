// Pure: per measured phase, the percentile-distribution chart (log "nines" x axis) and the p99 / p99.9 bars.
import { aggregateRows } from '../../../analyze/aggregate.js';
import type { RecordedPhase, RecordedScenario, RunRecord } from '../../../record/run.js';
import { formatUs } from '../../../shared/units.js';
import { summaryRows } from '../../../analyze/rows.js';
import { escapeHtml } from '../html.js';
import { curveToXY, phaseCurves } from '../percentiles.js';
import { renderBarChart, type BarRow } from '../svg/bar-chart.js';
import { plotArea } from '../svg/frame.js';
import { renderLineChart } from '../svg/line-chart.js';
import { logScale, ninesScale } from '../svg/scale.js';

/** Axis labels for latency in µs: "50 µs", "2 ms", "1 s". */
export function shortUs(us: number): string {
  if (us === 0) return '0';
  if (us >= 1_000_000) return `${+(us / 1_000_000).toFixed(2)} s`;
  if (us >= 1000) return `${+(us / 1000).toFixed(2)} ms`;
  return `${+us.toFixed(1)} µs`;
}

/** Measured phases that carry latency (closed or open loop), in scenario order. */
export function latencyPhases(scenario: RecordedScenario): RecordedPhase[] {
  return scenario.phases.filter((p) => !p.warmup && (p.traffic.loop === 'closed' || p.traffic.loop === 'open'));
}

export function describePhase(phase: RecordedPhase): string {
  const t = phase.traffic;
  const what = t.loop === 'closed' ? `closed loop, ${t.connections} connections` : t.loop === 'open' ? `open loop at ${t.rate}/s` : t.loop;
  return `${what}, ${phase.duration / 1000} s`;
}

export function percentileChart(record: RunRecord, phaseName: string, colors: Map<string, string>): string {
  const curves = phaseCurves(record, phaseName);
  const drawn = curves.filter((c) => c.points.length > 0);
  const width = 1180;
  const height = 460;
  const area = plotArea(width, height);
  const xy = drawn.map((c) => ({ curve: c, points: curveToXY(c.points, c.count) }));
  const maxNines = Math.max(3, ...xy.map(({ points }) => Math.max(...points.map(([x]) => x))));
  const values = xy.flatMap(({ points }) => points.map(([, y]) => y));
  const x = ninesScale(maxNines, [area.left, area.right]);
  const y = logScale(Math.min(...values, 100), Math.max(...values, 1000), [area.bottom, area.top], shortUs);
  return renderLineChart({
    id: `pct-${phaseName}`,
    width,
    height,
    area,
    title: `Latency by percentile — ${phaseName}`,
    xLabel: 'percentile (log scale of 1 / (1 − p): each step right is one more nine)',
    yLabel: 'latency (log scale)',
    x,
    y,
    series: xy.map(({ curve, points }) => ({ name: curve.variant, color: colors.get(curve.variant) ?? '#000', points })),
    legend: curves.map((c) => ({
      name: c.variant,
      color: c.problem ? '#b8b8b8' : (colors.get(c.variant) ?? '#000'),
      shape: c.problem ? ('dashed' as const) : ('line' as const),
      note: c.problem ? (c.problem.startsWith('invalid') ? '— invalid' : `— ${c.problem}`) : undefined,
    })),
  });
}

export function tailBars(record: RunRecord, phaseName: string, colors: Map<string, string>): string {
  const aggregates = aggregateRows(summaryRows(record)).filter((a) => a.phase === phaseName);
  const rows: BarRow[] = aggregates.map((a) => ({
    label: a.variant,
    color: colors.get(a.variant) ?? '#000',
    values: [a.figures.p99Us ?? null, a.figures.p999Us ?? null],
    note: a.validRepetitions === 0 ? `no valid result — ${a.problems.join('; ')}` : undefined,
  }));
  const spread = record.scenario.repetitions > 1 ? ', whiskers: min–max over repetitions' : '';
  return renderBarChart({
    width: 1180,
    title: `Tail latency — ${phaseName} (median over valid repetitions${spread})`,
    xLabel: 'latency',
    figures: ['p99', 'p99.9'],
    rows,
    format: formatUs,
    axisFormat: shortUs,
  });
}

export function latencySection(record: RunRecord, colors: Map<string, string>): string {
  const phases = latencyPhases(record.scenario);
  if (phases.length === 0) return '';
  const blocks = phases.map(
    (p) =>
      `<section class="phase" id="phase-${escapeHtml(p.name)}"><h3>Phase <code>${escapeHtml(p.name)}</code> — ${escapeHtml(describePhase(p))}</h3>\n` +
      `${percentileChart(record, p.name, colors)}\n${tailBars(record, p.name, colors)}</section>`,
  );
  return [
    '<h2 id="latency">Latency</h2>',
    '<p class="lead">Each curve is a variant’s latency distribution over all its valid repetitions (their HDR histograms merged exactly). ' +
      'Lower is better; the right-hand side is the tail. Invalid phases are never drawn; the legend says why a variant is missing.</p>',
    ...blocks,
  ].join('\n');
}

