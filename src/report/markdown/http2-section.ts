// Pure: the "HTTP/2" section of report.md: listeners and SETTINGS, h2 / h2c beside TLS HTTP/1.1, h2load, memory per idle h2 connection.
import { http2Report } from '../../analyze/http2-report.js';
import { ladderMemoryName } from '../../analyze/memory-series.js';
import type { RunRecord } from '../../record/run.js';
import {
  http2ClosedCells, http2ClosedHeader, http2ListenerCells, http2ListenerHeader, http2MemoryCells, http2MemoryHeader, http2OpenCells, http2OpenHeader,
} from '../http2-cells.js';

/** Columns from `numericFrom` on are right-aligned. */
const table = (header: string[], rows: string[][], numericFrom: number) => [
  `| ${header.join(' | ')} |`,
  `|${header.map((_, i) => (i < numericFrom ? '---' : '---:')).join('|')}|`,
  ...rows.map((r) => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
];

/** '' when no phase of the run speaks HTTP/2. */
export function renderHttp2Section(record: RunRecord): string {
  const report = http2Report(record);
  if (!report) return '';
  const reps = record.scenario.repetitions;
  const lines = [
    '## HTTP/2',
    '',
    'Benign HTTP/2 downstream; every proxy speaks HTTP/1.1 to the upstream. h2: by ALPN on the variant’s TLS listener; h2c: prior knowledge on a listener of its own. ' +
      'SETTINGS as one verified request read them when the cell started (RFC 9113 defaults for those the server left out).',
  ];
  if (report.listeners.length > 0) {
    lines.push('', ...table(http2ListenerHeader, report.listeners.flatMap(http2ListenerCells), 3),
      '', 'Configured (variant.yaml `http2.settings`):', '', ...report.listeners.map((l) => `- ${l.variant}: ${l.settings}`));
  }
  if (report.open.length > 0) {
    lines.push('', '### Open loop beside TLS HTTP/1.1 at the same rate', '',
      'Latency from each request’s intended send time. Δ: the h2 / h2c phase minus the TLS HTTP/1.1 keep-alive phase of the same offered rate in the same cell.', '',
      ...table(http2OpenHeader, report.open.flatMap((g) => http2OpenCells(g, reps)), 5));
  }
  if (report.closed.length > 0) {
    const withBaseline = report.closed.some((r) => r.baseline !== undefined);
    lines.push('', '### Closed loop (h2load)', '',
      'Maximum throughput: h2load’s clients × concurrent streams, latency per request from h2load’s log (send to end of response; a closed loop has no intended time).' +
        (withBaseline ? ' Beside: the TLS HTTP/1.1 closed loop with as many connections as the h2 phase has streams in flight.' : ''), '',
      ...table(http2ClosedHeader(withBaseline), report.closed.map((r) => http2ClosedCells(r, reps, withBaseline)), 4));
  }
  if (report.memory.length > 0) {
    lines.push('', '### Memory per idle HTTP/2 connection', '',
      `Each ladder on a freshly started proxy; bytes per connection: the slope of ${ladderMemoryName(record.provenance.runtime).long} over the connections held ` +
        '(median over repetitions). Each HTTP/2 connection carried one stream, then idled.', '',
      ...table(http2MemoryHeader, report.memory.map(http2MemoryCells), 4));
  }
  if (report.invalid.length > 0) {
    lines.push('', 'HTTP/2 phases without a result (not in the tables):', '', ...report.invalid.map((i) => `- ${i.variant} #${i.repetition} ${i.phase}: ${i.reasons.join('; ')}`));
  }
  return lines.join('\n');
}
