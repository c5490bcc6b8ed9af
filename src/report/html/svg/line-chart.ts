// Pure: a multi-series line chart as inline SVG (one <path> per series, tagged with data-series for tests and tooltips).
import { escapeHtml, px } from '../html.js';
import { placeBandLabels } from './band-labels.js';
import { renderAxisTitles, renderGrid, renderLegend, svgChart, type Area, type LegendItem } from './frame.js';
import type { Scale } from './scale.js';

export interface LineSeries {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
  /** Short dots (a third line style, after solid and dashed). */
  dotted?: boolean;
}

/** A shaded span of the x axis with a label (e.g. a phase). */
export interface Band {
  from: number;
  to: number;
  label: string;
}

export interface LineChartSpec {
  /** Unique in the page (names the clip path). */
  id: string;
  width: number;
  height: number;
  area: Area;
  title: string;
  xLabel: string;
  yLabel: string;
  x: Scale;
  y: Scale;
  series: readonly LineSeries[];
  legend: readonly LegendItem[];
  bands?: readonly Band[];
  /** Also mark each point (for sparse series such as a connection ladder). */
  markers?: boolean;
}

export function linePath(points: readonly (readonly [number, number])[], x: Scale, y: Scale): string {
  return points.map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${px(x.map(a))},${px(y.map(b))}`).join('');
}

const bandLabel = { fontPx: 11, rows: 3, gapPx: 6, rowPx: 13 };

/** Bands, each with its full name as a tooltip, then their labels (over every band), staggered or left out where bands are too narrow. */
function renderBands(bands: readonly Band[], area: Area, x: Scale): string {
  const spans = bands.map((b) => ({ x0: Math.max(area.left, x.map(b.from)), x1: Math.min(area.right, x.map(b.to)), text: b.label }));
  const slots = placeBandLabels(spans, { left: area.left, right: area.right, ...bandLabel });
  const rects = spans.map(({ x0, x1, text }, i) =>
    x1 <= x0 ? '' : `<rect class="band${i % 2 ? ' odd' : ''}" x="${px(x0)}" y="${area.top}" width="${px(x1 - x0)}" height="${px(area.bottom - area.top)}"><title>${escapeHtml(text)}</title></rect>`,
  );
  const labels = slots.map((slot, i) => {
    const text = escapeHtml(spans[i]!.text);
    return slot ? `<text class="band-label" x="${px(slot.x)}" y="${area.top + 14 + slot.row * bandLabel.rowPx}" text-anchor="middle">${text}<title>${text}</title></text>` : '';
  });
  return rects.join('') + labels.join('');
}

export function renderLineChart(spec: LineChartSpec): string {
  const { area, x, y } = spec;
  const clipId = `clip-${spec.id}`;
  const paths = spec.series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const markers = spec.markers ? s.points.map(([a, b]) => `<circle cx="${px(x.map(a))}" cy="${px(y.map(b))}" r="3.5" fill="${s.color}"/>`).join('') : '';
      return (
        `<path class="series" data-series="${escapeHtml(s.name)}" d="${linePath(s.points, x, y)}" stroke="${s.color}"${s.dashed ? ' stroke-dasharray="6 4"' : s.dotted ? ' stroke-dasharray="2 3"' : ''}>` +
        `<title>${escapeHtml(s.name)}</title></path>${markers}`
      );
    })
    .join('');
  const body = [
    renderBands(spec.bands ?? [], area, x),
    renderGrid(area, x, y),
    `<clipPath id="${clipId}"><rect x="${area.left}" y="${area.top - 4}" width="${px(area.right - area.left + 4)}" height="${px(area.bottom - area.top + 8)}"/></clipPath>`,
    `<g clip-path="url(#${clipId})">${paths}</g>`,
    renderAxisTitles(area, spec.xLabel, spec.yLabel),
    renderLegend(spec.legend, area.right + 16, area.top + 8),
  ];
  return svgChart(spec.width, spec.height, spec.title, body.join(''));
}
