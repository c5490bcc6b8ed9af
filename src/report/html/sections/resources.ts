// Pure: the proxy's CPU cores and RSS over time, one line per variant (first repetition), phases shaded.
import type { ResourcePoint } from '../../../measure/resources/sampler.js';
import type { CellRecord, RunRecord } from '../../../record/run.js';
import { plotArea } from '../svg/frame.js';
import { renderLineChart, type Band, type LineSeries } from '../svg/line-chart.js';
import { byteUnit, linearScale } from '../svg/scale.js';

/** CPU cores used over windows of at least `windowMs` (/proc resolves 10 ms of CPU, so 100 ms samples are jagged). */
export function cpuCoresSeries(points: readonly ResourcePoint[], windowMs = 500): [number, number][] {
  const out: [number, number][] = [];
  let from = points[0];
  for (const p of points.slice(1)) {
    if (!from || p.tMs - from.tMs < windowMs) continue;
    out.push([p.tMs, Math.max(0, (p.cpuSeconds - from.cpuSeconds) / ((p.tMs - from.tMs) / 1000))]);
    from = p;
  }
  return out;
}

/** The cell's time zero: the start of its first phase, so phases line up across variants. */
function origin(cell: CellRecord): number {
  return cell.phases[0]?.startMs ?? cell.timeseries.proxy?.[0]?.tMs ?? 0;
}

function proxyCells(record: RunRecord): CellRecord[] {
  const firstRep = (variant: string) => record.cells.filter((c) => c.variant === variant && (c.timeseries.proxy?.length ?? 0) > 1).sort((a, b) => a.repetition - b.repetition)[0];
  return [...new Set(record.cells.map((c) => c.variant))].map(firstRep).filter((c): c is CellRecord => c !== undefined);
}

function bands(cell: CellRecord | undefined): Band[] {
  if (!cell) return [];
  const t0 = origin(cell);
  return cell.phases.map((p) => ({ from: (p.startMs - t0) / 1000, to: (p.endMs - t0) / 1000, label: p.name }));
}

interface YAxis {
  label: string;
  format: (v: number) => string;
  unit?: number;
}

function chart(id: string, title: string, yAxis: YAxis, series: LineSeries[], band: Band[], xDomain: [number, number]): string {
  const width = 1180;
  const height = 330;
  const area = plotArea(width, height);
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const x = linearScale(xDomain[0], xDomain[1], [area.left, area.right], (v) => `${v} s`, 10);
  const y = linearScale(0, Math.max(...ys, 0) * 1.05 || 1, [area.bottom, area.top], yAxis.format, 5, yAxis.unit);
  const yLabel = yAxis.label;
  const legend = series.map((s) => ({ name: s.name, color: s.color }));
  return renderLineChart({ id, width, height, area, title, xLabel: 'time since the cell’s first phase began (s)', yLabel, x, y, series, legend, bands: band });
}

export function resourcesSection(record: RunRecord, colors: Map<string, string>): string {
  const cells = proxyCells(record);
  if (cells.length === 0) return '';
  const color = (c: CellRecord) => colors.get(c.variant) ?? '#000';
  const cpu = cells.map((c) => ({ name: c.variant, color: color(c), points: cpuCoresSeries(c.timeseries.proxy!).map(([t, v]) => [(t - origin(c)) / 1000, v] as [number, number]).filter(([t]) => t >= 0) }));
  const rss = cells.map((c) => ({ name: c.variant, color: color(c), points: c.timeseries.proxy!.map((p) => [(p.tMs - origin(c)) / 1000, p.rssBytes] as [number, number]).filter(([t]) => t >= 0) }));
  const reps = record.scenario.repetitions > 1 ? ' (first repetition of each variant)' : '';
  const xs = rss.flatMap((s) => s.points.map(([t]) => t));
  const xDomain: [number, number] = [0, Math.max(1, ...xs)];
  const bytes = byteUnit(Math.max(...rss.flatMap((s) => s.points.map(([, v]) => v))));
  return [
    '<h2 id="resources">Proxy CPU and memory over time</h2>',
    `<p class="lead">The proxy’s whole process tree, read from /proc every ${record.scenario.sampleInterval} ms${reps}; shaded spans are the phases. ` +
      '<code>direct</code> has no proxy and is not shown. RSS is summed over processes (shared pages count once per process).</p>',
    chart('cpu', 'Proxy CPU (cores used, over 500 ms windows)', { label: 'CPU cores', format: (v) => v.toFixed(2) }, cpu, bands(cells[0]), xDomain),
    chart('rss', 'Proxy RSS (resident memory)', { label: 'RSS', format: bytes.format, unit: bytes.unit }, rss, bands(cells[0]), xDomain),
  ].join('\n');
}
