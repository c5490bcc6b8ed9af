// Pure: the parts every chart shares — plot area, grid, ticks, axis titles, legend and the <svg> element.
import { escapeHtml, px } from '../html.js';
import type { Scale } from './scale.js';

export interface Area {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface LegendItem {
  name: string;
  color: string;
  /** Shown after the name, greyed (e.g. "invalid: generator fell behind"). */
  note?: string;
  /** A line sample (charts) or a filled square (bars). */
  shape?: 'line' | 'dashed' | 'box';
}

export const legendWidthPx = 190;

/** Plot area inside a chart of `width` × `height`, leaving room for tick labels, axis titles and a legend on the right. */
export function plotArea(width: number, height: number, options: { legend?: boolean; top?: number } = {}): Area {
  return { left: 74, right: width - (options.legend === false ? 16 : legendWidthPx + 12), top: options.top ?? 40, bottom: height - 52 };
}

export function renderGrid(area: Area, x: Scale | null, y: Scale): string {
  const parts: string[] = [];
  for (const t of y.ticks) {
    const yy = px(y.map(t.value));
    parts.push(`<line class="grid" x1="${area.left}" x2="${area.right}" y1="${yy}" y2="${yy}"/>`);
    parts.push(`<text class="tick" x="${area.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(t.label)}</text>`);
  }
  for (const t of x?.ticks ?? []) {
    const xx = px(x!.map(t.value));
    parts.push(`<line class="grid" x1="${xx}" x2="${xx}" y1="${area.top}" y2="${area.bottom}"/>`);
    parts.push(`<text class="tick" x="${xx}" y="${area.bottom + 16}" text-anchor="middle">${escapeHtml(t.label)}</text>`);
  }
  parts.push(`<rect class="frame" x="${area.left}" y="${area.top}" width="${px(area.right - area.left)}" height="${px(area.bottom - area.top)}"/>`);
  return parts.join('');
}

export function renderAxisTitles(area: Area, xLabel: string, yLabel: string): string {
  const midY = px((area.top + area.bottom) / 2);
  return (
    `<text class="axis-label" x="${px((area.left + area.right) / 2)}" y="${area.bottom + 40}" text-anchor="middle">${escapeHtml(xLabel)}</text>` +
    `<text class="axis-label" x="16" y="${midY}" text-anchor="middle" transform="rotate(-90 16 ${midY})">${escapeHtml(yLabel)}</text>`
  );
}

export function renderLegend(items: readonly LegendItem[], x: number, y: number): string {
  const rows = items.map((item, i) => {
    const yy = y + i * 20;
    const sample =
      item.shape === 'box' ? `<rect x="${x}" y="${yy - 6}" width="14" height="12" fill="${item.color}"/>`
      : `<line x1="${x}" x2="${x + 18}" y1="${yy}" y2="${yy}" stroke="${item.color}" stroke-width="3"${item.shape === 'dashed' ? ' stroke-dasharray="5 3"' : ''}/>`;
    const note = item.note ? `<tspan class="legend-note"> ${escapeHtml(item.note)}</tspan>` : '';
    return `${sample}<text x="${x + 24}" y="${yy}" dominant-baseline="middle">${escapeHtml(item.name)}${note}</text>`;
  });
  return `<g class="legend">${rows.join('')}</g>`;
}

export function svgChart(width: number, height: number, title: string, body: string): string {
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<text class="chart-title" x="${width / 2}" y="22" text-anchor="middle">${escapeHtml(title)}</text>${body}</svg>`
  );
}
