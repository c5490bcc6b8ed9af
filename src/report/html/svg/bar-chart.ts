// Pure: horizontal grouped bars with min–max whiskers (one row per variant, one bar per figure) as inline SVG.
import { escapeHtml, px } from '../html.js';
import { renderAxisTitles, renderGrid, svgChart, type LegendItem } from './frame.js';
import { linearScale } from './scale.js';

export interface BarValue {
  median: number;
  min: number;
  max: number;
}

export interface BarRow {
  label: string;
  color: string;
  /** One per figure (same order as `figures`); null when there is no valid value. */
  values: (BarValue | null)[];
  /** Shown in place of the bars when the row has no valid value (e.g. "invalid: generator fell behind"). */
  note?: string;
}

export interface BarChartSpec {
  width: number;
  title: string;
  xLabel: string;
  /** Figure names, e.g. ["p99", "p99.9"]; the first is drawn solid, the next lighter. */
  figures: string[];
  rows: BarRow[];
  /** Value labels and tooltips. */
  format: (value: number) => string;
  /** Axis tick labels (defaults to `format`). */
  axisFormat?: (value: number) => string;
}

const rowHeight = 38;
const opacity = [1, 0.45, 0.25];

function renderRow(row: BarRow, yTop: number, map: (v: number) => number, left: number, spec: BarChartSpec): string {
  const label = `<text class="row-label" x="${left - 8}" y="${px(yTop + rowHeight / 2)}" text-anchor="end" dominant-baseline="middle">${escapeHtml(row.label)}</text>`;
  if (row.values.every((v) => v === null)) {
    return label + `<text class="invalid-note" x="${left + 8}" y="${px(yTop + rowHeight / 2)}" dominant-baseline="middle">${escapeHtml(row.note ?? 'no valid result')}</text>`;
  }
  const barHeight = (rowHeight - 10) / row.values.length;
  const bars = row.values.map((v, i) => {
    if (!v) return '';
    const y = yTop + 5 + i * barHeight;
    const [x0, x1] = [map(0), map(v.median)];
    const mid = px(y + barHeight / 2);
    const whisker = v.max > v.min
      ? `<line class="whisker" x1="${px(map(v.min))}" x2="${px(map(v.max))}" y1="${mid}" y2="${mid}"/>` +
        `<line class="whisker" x1="${px(map(v.min))}" x2="${px(map(v.min))}" y1="${px(y + 3)}" y2="${px(y + barHeight - 3)}"/>` +
        `<line class="whisker" x1="${px(map(v.max))}" x2="${px(map(v.max))}" y1="${px(y + 3)}" y2="${px(y + barHeight - 3)}"/>`
      : '';
    const tip = `${row.label} ${spec.figures[i]}: ${spec.format(v.median)}${v.max > v.min ? ` (min ${spec.format(v.min)}, max ${spec.format(v.max)})` : ''}`;
    return (
      `<rect class="bar" data-series="${escapeHtml(row.label)}" x="${px(x0)}" y="${px(y + 1)}" width="${px(Math.max(1, x1 - x0))}" height="${px(barHeight - 2)}" fill="${row.color}" fill-opacity="${opacity[i] ?? 0.2}"><title>${escapeHtml(tip)}</title></rect>` +
      whisker +
      `<text class="bar-value" x="${px(Math.max(x1, map(v.max)) + 5)}" y="${mid}" dominant-baseline="middle">${escapeHtml(spec.format(v.median))}</text>`
    );
  });
  return label + bars.join('');
}

export function renderBarChart(spec: BarChartSpec): string {
  const left = 120;
  const right = spec.width - 90;
  const top = 58;
  const height = top + spec.rows.length * rowHeight + 52;
  const bottom = height - 52;
  const maxValue = Math.max(1, ...spec.rows.flatMap((r) => r.values.map((v) => (v ? v.max : 0))));
  const x = linearScale(0, maxValue, [left, right], spec.axisFormat ?? spec.format, 5);
  const legend: LegendItem[] = spec.figures.map((f, i) => ({ name: `${f}${spec.figures.length > 1 ? (i === 0 ? ' (solid)' : ' (light)') : ''}`, color: `rgba(60,60,60,${opacity[i] ?? 0.2})`, shape: 'box' }));
  const body = [
    renderGrid({ left, right, top, bottom }, x, { map: () => 0, ticks: [], domain: [0, 1] }),
    ...spec.rows.map((row, i) => renderRow(row, top + i * rowHeight, x.map, left, spec)),
    renderAxisTitles({ left, right, top, bottom }, spec.xLabel, ''),
    horizontalLegend(legend, left, 42),
  ];
  return svgChart(spec.width, height, spec.title, body.join(''));
}

function horizontalLegend(items: LegendItem[], x: number, y: number): string {
  const parts = items.map((item, i) => {
    const xx = x + i * 130;
    return `<rect x="${xx}" y="${y - 6}" width="14" height="12" fill="${item.color}"/><text x="${xx + 20}" y="${y}" dominant-baseline="middle">${escapeHtml(item.name)}</text>`;
  });
  return `<g class="legend">${parts.join('')}</g>`;
}
