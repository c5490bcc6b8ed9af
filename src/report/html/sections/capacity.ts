// Pure: latency against offered rate per rate search (p50 dotted, p99 solid, p99.9 dashed; variants overlaid), the knee bracket shaded.
import type { RunRecord } from '../../../record/run.js';
import type { SearchRecord } from '../../../record/search.js';
import { formatUs } from '../../../shared/units.js';
import { escapeHtml, htmlTable } from '../html.js';
import { plotArea } from '../svg/frame.js';
import { renderLineChart, type Band, type LineSeries } from '../svg/line-chart.js';
import { linearScale, logScale } from '../svg/scale.js';

/** Per search name: each variant's first repetition that ran it. */
function searchesByName(record: RunRecord): Map<string, { variant: string; search: SearchRecord }[]> {
  const out = new Map<string, { variant: string; search: SearchRecord }[]>();
  for (const cell of [...record.cells].sort((a, b) => a.repetition - b.repetition)) {
    for (const search of cell.searches ?? []) {
      const list = out.get(search.name) ?? [];
      out.set(search.name, list);
      if (!list.some((l) => l.variant === cell.variant)) list.push({ variant: cell.variant, search });
    }
  }
  return out;
}

export function renderCapacityChart(id: string, title: string, searches: readonly { variant: string; search: SearchRecord }[], colors: Map<string, string>): string {
  const width = 1180;
  const height = 440;
  const area = plotArea(width, height);
  const measured = searches.flatMap(({ variant, search }) => search.steps.filter((s) => s.figures).map((s) => ({ variant, rate: s.ratePerSec, f: s.figures! })));
  const maxRate = Math.max(1, ...searches.flatMap(({ search }) => search.steps.map((s) => s.ratePerSec)));
  const values = measured.flatMap((m) => [m.f.p50Us, m.f.p99Us, m.f.p999Us]).filter((v) => v > 0);
  const slo = searches[0]?.search.slo;
  const sloUs = [slo?.p50, slo?.p99, slo?.p999].filter((v): v is number => v !== undefined).map((ms) => ms * 1000);
  const x = linearScale(0, maxRate * 1.05, [area.left, area.right], (v) => `${v.toLocaleString('en-US')}/s`, 8);
  const y = logScale(Math.max(1, Math.min(...values, ...sloUs)), Math.max(10, ...values, ...sloUs), [area.bottom, area.top], formatUs);
  const series: LineSeries[] = searches.flatMap(({ variant, search }) => {
    const color = colors.get(variant) ?? '#000';
    const steps = search.steps.filter((s) => s.figures).sort((a, b) => a.ratePerSec - b.ratePerSec);
    const line = (p: 'p50Us' | 'p99Us' | 'p999Us') => steps.map((s) => [s.ratePerSec, Math.max(1, s.figures![p])] as [number, number]);
    return [
      { name: `${variant} p50`, color, dotted: true, points: line('p50Us') },
      { name: `${variant} p99`, color, points: line('p99Us') },
      { name: `${variant} p99.9`, color, dashed: true, points: line('p999Us') },
    ];
  });
  const sloLines: LineSeries[] = [['p99', slo?.p99], ['p99.9', slo?.p999]].flatMap(([name, ms]) =>
    ms === undefined ? [] : [{ name: `SLO ${name}`, color: '#888', dashed: name === 'p99.9', points: [[0, Number(ms) * 1000], [x.domain[1], Number(ms) * 1000]] as [number, number][] }]);
  const bands: Band[] = searches.flatMap(({ variant, search }) => {
    const r = search.result;
    return r.rateAtSloPerSec !== null && r.beyondPerSec !== null ? [{ from: r.rateAtSloPerSec, to: r.beyondPerSec, label: `${variant} knee ${Math.round(r.rateAtSloPerSec)}/s` }] : [];
  });
  const short = (s: SearchRecord) => (s.result.rateAtSloPerSec === null ? 'SLO never met' : `${s.result.status === 'found' ? '' : '≥ '}${Math.round(s.result.rateAtSloPerSec)}/s`);
  const legend = [
    ...searches.map(({ variant, search }) => ({ name: variant, color: colors.get(variant) ?? '#000', note: short(search) })),
    { name: 'p99', color: '#888' },
    { name: 'p99.9', color: '#888', shape: 'dashed' as const },
    { name: 'p50 (dotted)', color: '#888', shape: 'dashed' as const },
  ];
  return renderLineChart({ id, width, height, area, x, y, series: [...sloLines, ...series], legend, bands, markers: true, title, xLabel: 'offered rate (open loop)', yLabel: 'latency from the intended send time' });
}

export function capacitySection(record: RunRecord, colors: Map<string, string>): string {
  const byName = searchesByName(record);
  if (byName.size === 0) return '';
  const rows = record.cells.flatMap((c) => (c.searches ?? []).map((s) => {
    const at = s.steps.find((st) => st.ratePerSec === s.result.rateAtSloPerSec && st.figures);
    return [escapeHtml(c.variant), String(c.repetition), escapeHtml(s.name), `<strong>${escapeHtml(s.result.text)}</strong>`, escapeHtml(s.result.boundedBy),
      at ? formatUs(at.figures!.p99Us) : '–', String(s.steps.length)];
  }));
  return [
    '<h2 id="capacity">Rate at SLO</h2>',
    '<p class="lead">Rate searches: open-loop steps, latency measured from the intended send time after each step’s settle window; the shaded span is ' +
      'each variant’s knee (highest rate within the SLO to the lowest beyond it). Steps in which the generator fell behind are not drawn and count neither way.</p>',
    ...[...byName].map(([name, searches]) => renderCapacityChart(`search-${name}`, `Latency against offered rate — search ${name}`, searches, colors)),
    htmlTable(['variant', 'rep', 'search', 'rate at SLO', 'bounded by', 'p99 there', 'steps'], rows, { numericFrom: 5 }),
  ].join('\n');
}
