// Pure: the verdict block at the top of report.html — per proxy, the answer in ten seconds, each figure linking to its detail.
import { runVerdict, type RunVerdict, type VariantVerdict } from '../../../analyze/verdict.js';
import type { RunRecord } from '../../../record/run.js';
import { formatUs } from '../../../shared/units.js';
import { escapeHtml } from '../html.js';

export const phaseAnchor = (phase: string) => `phase-${phase.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const signedUs = (us: number) => `${us >= 0 ? '+' : '−'}${formatUs(Math.abs(us))}`;
const wholeBytes = (bytes: number) => `${Math.round(bytes).toLocaleString('en-US')} B`;

interface Column {
  head: string;
  /** Lower is better; null: no figure (the cell says why). */
  value: (v: VariantVerdict) => number | null;
  format: (n: number) => string;
  missing: (v: VariantVerdict) => string;
}

function columns(r: RunVerdict): Column[] {
  const invalid = (phase: string) => (v: VariantVerdict) => {
    const p = v.phases.find((x) => x.phase === phase);
    return p?.problem ? `<a class="invalid" href="#failures" title="${escapeHtml(p.problem)}">invalid</a>` : '–';
  };
  const latency = r.phases.flatMap((phase, i) => {
    const link = `<a href="#${phaseAnchor(phase)}"><code>${escapeHtml(phase)}</code></a>`;
    return [
      { head: `${link}<br>Δp99`, value: (v: VariantVerdict) => v.phases[i]!.deltaP99Us, format: signedUs, missing: invalid(phase) },
      { head: `${link}<br>Δp99.9`, value: (v: VariantVerdict) => v.phases[i]!.deltaP999Us, format: signedUs, missing: invalid(phase) },
    ];
  });
  const cpu = r.cpuPhase
    ? [{ head: `CPU s / 1k req<br><small><a href="#${phaseAnchor(r.cpuPhase)}">${escapeHtml(r.cpuPhase)}</a></small>`, value: (v: VariantVerdict) => v.cpuSPer1k, format: (n: number) => n.toFixed(4), missing: invalid(r.cpuPhase) }]
    : [];
  const memory = r.ladder
    ? [{
      head: `bytes / conn<br><small><a href="#memory">${escapeHtml(r.ladder)}</a></small>`,
      value: (v: VariantVerdict) => v.bytesPerConn,
      format: wholeBytes,
      missing: (v: VariantVerdict) => (v.memoryProblem ? `<a class="invalid" href="#memory" title="${escapeHtml(v.memoryProblem)}">${v.memoryProblem.startsWith('not measured') ? 'not measured' : 'no figure'}</a>` : '–'),
    }]
    : [];
  return [...latency, ...cpu, ...memory];
}

function probeCell(v: VariantVerdict): string {
  if (!v.probes) return '–';
  const cls = v.probes.failed > 0 ? 'verdict verdict-fail' : 'verdict verdict-pass';
  return `<a href="#probes"><span class="${cls}">${v.probes.failed} of ${v.probes.judged}</span></a>`;
}

export function verdictSection(record: RunRecord, colors: Map<string, string>): string {
  const r = runVerdict(record);
  if (r.variants.length === 0) return '';
  const cols = columns(r);
  const best = cols.map((c) => Math.min(...r.variants.map((v) => c.value(v)).filter((n): n is number => n !== null)));
  const hasProbes = r.variants.some((v) => v.probes);
  const head = ['proxy', ...cols.map((c) => c.head), ...(hasProbes ? ['probes failed<br><small><a href="#probes">tier</a></small>'] : [])];
  const rows = r.variants.map((v) => {
    const name = `<span class="swatch" style="background:${colors.get(v.variant) ?? '#000'}"></span>${escapeHtml(v.variant)}` +
      (v.cellsNotOk > 0 ? ` <a class="invalid" href="#failures">${v.cellsNotOk} cell(s) not ok</a>` : '');
    const cells = cols.map((c, i) => {
      const n = c.value(v);
      if (n === null) return `<td class="num">${c.missing(v)}</td>`;
      return `<td class="num${n === best[i] && r.variants.length > 1 ? ' best' : ''}">${c.format(n)}</td>`;
    });
    return `<tr><td>${name}</td>${cells.join('')}${hasProbes ? `<td class="num">${probeCell(v)}</td>` : ''}</tr>`;
  });
  const deltas = r.hasDirect
    ? 'Δ: the proxy’s median minus <code>direct</code>’s in the same run — what the proxy adds to the tail.'
    : 'No <code>direct</code> in this run: Δ columns are empty (add direct to the scenario’s variants).';
  return [
    '<section class="verdict-block" id="verdict"><h2>Verdict</h2>',
    `<p class="lead">Per proxy, lower is better in every column; the best of each column is <strong>bold</strong>. ${deltas} ` +
      'Each heading links to its detail below; “invalid” and “not measured” link to the reason.</p>',
    `<div class="scroll"><table class="verdict-table"><thead><tr>${head.map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${h}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody></table></div></section>`,
  ].join('\n');
}
