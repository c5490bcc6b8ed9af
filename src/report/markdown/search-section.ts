// Pure: report.md's "Rate at SLO" section — per rate search, the rate each variant sustained within its SLO, and every step (the curve in text).
import type { RunRecord } from '../../record/run.js';
import type { SearchRecord } from '../../record/search.js';
import { formatUs } from '../../shared/units.js';

function sloText(s: SearchRecord): string {
  const parts = [
    s.slo.p50 !== undefined ? `p50 ≤ ${s.slo.p50} ms` : '',
    s.slo.p99 !== undefined ? `p99 ≤ ${s.slo.p99} ms` : '',
    s.slo.p999 !== undefined ? `p99.9 ≤ ${s.slo.p999} ms` : '',
    `errors ≤ ${s.slo.errorRatePct}%`,
  ];
  return parts.filter(Boolean).join(', ');
}

export function renderSearchSection(record: RunRecord): string {
  const names = [...new Set(record.cells.flatMap((c) => (c.searches ?? []).map((s) => s.name)))];
  return names.map((name) => {
    const searches = record.cells.flatMap((c) => (c.searches ?? []).filter((s) => s.name === name).map((s) => ({ cell: c, s })));
    const first = searches[0]!.s;
    const summary = searches.map(({ cell, s }) =>
      `| ${cell.variant} | ${cell.repetition} | **${s.result.text}** | ${s.result.boundedBy} | ${s.steps.length} |`);
    const steps = searches.flatMap(({ cell, s }) => [...s.steps].sort((a, b) => a.ratePerSec - b.ratePerSec).map((st) => {
      const f = st.figures;
      const knee = st.ratePerSec === s.result.rateAtSloPerSec ? ' ◀ rate at SLO' : '';
      return `| ${cell.variant} #${cell.repetition} | ${st.ratePerSec}/s${knee} | ${st.phase.traffic.achievedRatePerSec.toFixed(0)}/s | ` +
        `${f ? formatUs(f.p50Us) : '–'} | ${f ? formatUs(f.p99Us) : '–'} | ${f ? formatUs(f.p999Us) : '–'} | ${f ? f.errorRatePct.toFixed(3) + '%' : '–'} | ${st.outcome} | ${st.reason} |`;
    }));
    return [
      `## Rate at SLO — search \`${name}\``,
      '',
      `The highest open-loop rate at which ${sloText(first)} held (latency from the intended send time, measured after a ` +
        `${first.settleMs / 1000} s settle in each ${first.stepDurationMs / 1000} s step; from ${first.fromPerSec}/s to ${first.toPerSec}/s, ` +
        `at most ${first.maxSteps} steps, resolution ${first.resolutionPct}%). A step in which the generator fell behind is invalid and counts neither way.`,
      '',
      '| variant | rep | rate at SLO | bounded by | steps |',
      '|---|---:|---|---|---:|',
      ...summary,
      '',
      '| variant | offered | achieved | p50 | p99 | p99.9 | errors | step | why |',
      '|---|---:|---:|---:|---:|---:|---:|---|---|',
      ...steps,
    ].join('\n');
  }).join('\n\n');
}
