// Pure: RSS against held connections with each variant's fitted line, per connection ladder; nothing without ladders.
import { aggregateMemory, ladderMemoryName, memoryPerConnectionSeries, type MemoryAggregate, type MemorySeries } from '../../../analyze/memory-series.js';
import type { RunRecord } from '../../../record/run.js';
import { formatBytes } from '../../../shared/units.js';
import { escapeHtml, htmlTable } from '../html.js';
import { plotArea } from '../svg/frame.js';
import { renderLineChart, type LineSeries } from '../svg/line-chart.js';
import { byteUnit, linearScale } from '../svg/scale.js';

export interface LadderSeries {
  name: string;
  color: string;
  points: readonly { connections: number; rssBytes: number }[];
  fit: { bytesPerConn: number; baseBytes: number; r2: number } | null;
  /** Why there is no fit although steps were measured (the legend says "not measured"). */
  unmeasured?: string | null;
}

/** The chart alone, from plain points and fits: measured steps as markers joined by a line, the least-squares line dashed. */
export function renderConnectionMemoryChart(id: string, title: string, series: readonly LadderSeries[], memory = 'RSS'): string {
  const width = 1180;
  const height = 420;
  const area = plotArea(width, height);
  const maxConnections = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.connections)));
  const maxRss = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.rssBytes)));
  const x = linearScale(0, maxConnections, [area.left, area.right], (v) => v.toLocaleString('en-US'), 8);
  const bytes = byteUnit(maxRss);
  const y = linearScale(0, maxRss * 1.05, [area.bottom, area.top], bytes.format, 6, bytes.unit);
  const end = x.domain[1];
  const lines: LineSeries[] = series.flatMap((s) => {
    const measured = { name: s.name, color: s.color, points: s.points.map((p) => [p.connections, p.rssBytes] as [number, number]) };
    if (!s.fit) return [measured];
    const fit: [number, number][] = [[0, s.fit.baseBytes], [end, s.fit.baseBytes + s.fit.bytesPerConn * end]];
    return [measured, { name: `${s.name} fit`, color: s.color, dashed: true, points: fit }];
  });
  const legend = series.map((s) => ({ name: s.name, color: s.color, note: s.fit ? `${formatBytes(s.fit.bytesPerConn)}/conn` : s.unmeasured ? 'not measured' : 'no fit' }));
  return renderLineChart({ id, width, height, area, x, y, series: lines, legend, markers: true, title, xLabel: 'connections held by the proxy', yLabel: `proxy ${memory} (settled)` });
}

/** Per ladder: one series per variant (its first repetition that measured steps). */
export function ladderCharts(series: readonly MemorySeries[], colors: Map<string, string>): { ladder: string; series: LadderSeries[] }[] {
  const ladders = [...new Set(series.map((s) => s.ladder))];
  return ladders.map((ladder) => {
    const seen = new Set<string>();
    const picked = series
      .filter((s) => s.ladder === ladder && s.status !== 'skipped' && s.points.length > 0)
      .sort((a, b) => a.repetition - b.repetition)
      .filter((s) => !seen.has(s.variant) && seen.add(s.variant));
    return { ladder, series: picked.map((s) => ({ name: s.variant, color: colors.get(s.variant) ?? '#000', points: s.points, fit: s.fit, unmeasured: s.unmeasured })) };
  });
}

const wholeBytes = (bytes: number) => `${Math.round(bytes).toLocaleString('en-US')} B`;

/** The columns of report.md's "Memory per connection" table, less its spread column (the range is shown instead). */
function memoryRow(a: MemoryAggregate, many: boolean, kernel: boolean): string[] {
  const held = `${a.maxHeld ?? '?'} / ${a.maxOpened}`;
  const kernelCell = kernel ? [a.kernelBytesPerConn ? wholeBytes(a.kernelBytesPerConn.median) : '–'] : [];
  const none = a.unmeasured.length > 0 ? '<span class="invalid">not measured</span> <small>(below)</small>' : '–';
  if (!a.bytesPerConn) return [escapeHtml(a.variant), escapeHtml(a.ladder), none, ...kernel ? ['–'] : [], '–', '–', held];
  const b = a.bytesPerConn;
  const r2 = a.r2!;
  const warn = a.closedByProxy ? ' <span class="invalid">⚠ proxy closed connections</span>' : '';
  return [
    escapeHtml(a.variant),
    escapeHtml(a.ladder),
    wholeBytes(b.median) + (many && b.max > b.min ? `<br><small>${wholeBytes(b.min)}–${wholeBytes(b.max)}</small>` : '') + warn,
    ...kernelCell,
    r2.median.toFixed(3) + (many && r2.max > r2.min ? `<br><small>${r2.min.toFixed(3)}–${r2.max.toFixed(3)}</small>` : ''),
    formatBytes(a.baseBytes!.median),
    held,
  ];
}

export function memorySection(record: RunRecord, colors: Map<string, string>): string {
  const series = memoryPerConnectionSeries(record);
  const aggregates = aggregateMemory(series).filter((a) => series.some((s) => s.variant === a.variant && s.ladder === a.ladder && s.status !== 'skipped'));
  if (aggregates.length === 0) return '';
  const many = record.scenario.repetitions > 1;
  const kernel = aggregates.some((a) => a.kernelBytesPerConn !== undefined);
  const memory = ladderMemoryName(record.provenance.runtime);
  const charts = ladderCharts(series, colors).filter((c) => c.series.length > 0);
  const notes = aggregates.flatMap((a) => a.notes.map((n) => `<li>${escapeHtml(a.variant)} <code>${escapeHtml(a.ladder)}</code>: ${escapeHtml(n)}</li>`));
  return [
    '<h2 id="memory">Memory per connection</h2>',
    `<p class="lead">Connection ladders: at each step the proxy holds N keep-alive connections; its ${escapeHtml(memory.long)} is read once it settles. ` +
      `Bytes per connection is the slope of the least-squares line (dashed); base its intercept.${many ? ' Charts: first repetition; table: median [min–max].' : ''}</p>`,
    ...charts.map((c) => renderConnectionMemoryChart(`ladder-${c.ladder}`, `Proxy ${memory.short} against connections — ladder ${c.ladder}`, c.series, memory.short)),
    htmlTable(
      ['variant', 'ladder', 'bytes/conn', ...(kernel ? ['of which kernel'] : []), 'R²', 'base', 'max held / opened'],
      aggregates.map((a) => memoryRow(a, many, kernel)),
      { numericFrom: 2 },
    ),
    notes.length > 0 ? `<ul>${notes.join('')}</ul>` : '',
  ].join('\n');
}
