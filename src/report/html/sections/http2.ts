// Pure: the HTTP/2 section of report.html: listeners and SETTINGS, h2 / h2c beside TLS HTTP/1.1, h2load, memory per idle h2 connection.
import { http2Report } from '../../../analyze/http2-report.js';
import { ladderMemoryName } from '../../../analyze/memory-series.js';
import type { RunRecord } from '../../../record/run.js';
import {
  http2ClosedCells, http2ClosedHeader, http2ListenerCells, http2ListenerHeader, http2MemoryCells, http2MemoryHeader, http2OpenCells, http2OpenHeader,
} from '../../http2-cells.js';
import { escapeHtml, htmlTable } from '../html.js';

const escaped = (rows: string[][]) => rows.map((r) => r.map(escapeHtml));

/** '' when no phase of the run speaks HTTP/2. */
export function http2Section(record: RunRecord): string {
  const report = http2Report(record);
  if (!report) return '';
  const reps = record.scenario.repetitions;
  const parts = [
    '<h2 id="http2">HTTP/2</h2>',
    '<p class="lead">Benign HTTP/2 downstream; every proxy speaks HTTP/1.1 to the upstream. h2: by ALPN on the variant’s TLS listener; h2c: prior ' +
      'knowledge on a listener of its own. SETTINGS as one verified request read them when the cell started. Δ columns: the h2 / h2c phase minus the ' +
      'TLS HTTP/1.1 keep-alive phase of the same offered rate in the same cell.</p>',
  ];
  if (report.listeners.length > 0) {
    parts.push(htmlTable(http2ListenerHeader, escaped(report.listeners.flatMap(http2ListenerCells)), { numericFrom: 3 }),
      `<ul class="notes">${report.listeners.map((l) => `<li>${escapeHtml(l.variant)}: ${escapeHtml(l.settings)}</li>`).join('')}</ul>`);
  }
  if (report.open.length > 0) {
    parts.push('<h3>Open loop beside TLS HTTP/1.1 at the same rate</h3>',
      htmlTable(http2OpenHeader, escaped(report.open.flatMap((g) => http2OpenCells(g, reps))), { numericFrom: 5 }));
  }
  if (report.closed.length > 0) {
    const withBaseline = report.closed.some((r) => r.baseline !== undefined);
    parts.push('<h3>Closed loop (h2load)</h3>', '<p>Maximum throughput; latency per request from h2load’s log (a closed loop has no intended time).</p>',
      htmlTable(http2ClosedHeader(withBaseline), escaped(report.closed.map((r) => http2ClosedCells(r, reps, withBaseline))), { numericFrom: 4 }));
  }
  if (report.memory.length > 0) {
    parts.push('<h3>Memory per idle HTTP/2 connection</h3>',
      `<p>Slope of ${escapeHtml(ladderMemoryName(record.provenance.runtime).short)} over the connections held, median over repetitions; each HTTP/2 connection carried one stream, then idled.</p>`,
      htmlTable(http2MemoryHeader, escaped(report.memory.map(http2MemoryCells)), { numericFrom: 4 }));
  }
  if (report.invalid.length > 0) {
    parts.push(`<ul class="notes">${report.invalid.map((i) => `<li>${escapeHtml(`${i.variant} #${i.repetition} ${i.phase}`)}: <span class="invalid">${escapeHtml(i.reasons.join('; '))}</span></li>`).join('')}</ul>`);
  }
  return parts.join('\n');
}
