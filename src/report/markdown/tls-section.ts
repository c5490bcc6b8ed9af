// Pure: the "TLS" section of report.md: each listener, CPU per handshake by mode, overhead over plaintext, memory per TLS connection.
import { tlsReport } from '../../analyze/tls-report.js';
import type { RunRecord } from '../../record/run.js';
import { formatBytes, formatUs } from '../../shared/units.js';

/** '' when the run has no TLS phase. */
export function renderTlsSection(record: RunRecord): string {
  const report = tlsReport(record);
  if (!report) return '';
  const t = record.tls;
  const lines = [
    '## TLS',
    '',
    `One certificate for every variant, generated for this run${t ? `: ${t.keyType}, TLS ${t.version} (listeners pinned to it), SHA-256 ${t.certificateFingerprint256.slice(0, 23)}…` : ''}. ` +
      'The generator trusts only the run’s CA and offers one cipher suite; each connection reports whether it resumed (`isSessionReused()`), ' +
      'and a phase whose connections did not do what its mode declares is invalid.',
    '',
    '| variant | TLS library | resumption | negotiated |',
    '|---|---|---|---|',
    ...report.listeners.map(({ variant, info }) => `| ${variant} | ${info.library} ${info.libraryVersion ?? '(version unknown)'} | ${info.resumption} | ${info.negotiated.protocol}, ${info.negotiated.cipher}, ${info.negotiated.keyType} |`),
  ];
  if (report.handshakes.length > 0) {
    lines.push('', '### Handshake cost',
      '',
      'CPU per handshake = the proxy’s CPU over the phase ÷ handshakes completed (the requests on those connections included). ' +
        'Handshakes/s per core is **observed** where the proxy used ≥ 0.9 of a core, otherwise an **estimate** (1e6 ÷ CPU per handshake): the generator could not saturate it. ' +
        'New-connection latency runs from each request’s intended send time and includes connect and handshake.',
      '',
      '| variant | phase | mode | new conn/s | proxy CPU per handshake | handshakes/s per proxy core | connect+handshake p50 / p99 | new-connection latency p50 / p99 |',
      '|---|---|---|---:|---:|---:|---:|---:|',
      ...report.handshakes.map((h) => `| ${h.variant}${many(record) ? ` #${h.repetition}` : ''} | ${h.phase} | ${h.figures.mode} | ${h.figures.handshakesPerSec} | ${h.figures.proxyCpuUsPerHandshake === null ? '–' : `${h.figures.proxyCpuUsPerHandshake.toFixed(0)} µs`} | ${h.figures.handshakesPerSecPerCore === null ? '–' : `${h.figures.handshakesPerSecPerCore} (${h.figures.handshakesPerCoreBasis})`} | ${h.figures.handshakeP50Us === null ? '–' : `${formatUs(h.figures.handshakeP50Us)} / ${formatUs(h.figures.handshakeP99Us!)}`} | ${formatUs(h.p50Us)} / ${formatUs(h.p99Us)} |`));
  }
  if (report.overhead.length > 0) {
    lines.push('', '### TLS overhead at the same rate', '',
      '| variant | TLS phase | plaintext phase | Δ rps | Δ p99 | Δ proxy CPU s per 1k req |', '|---|---|---|---:|---:|---:|',
      ...report.overhead.map((o) => `| ${o.variant}${many(record) ? ` #${o.repetition}` : ''} | ${o.phase} | ${o.overhead.plainPhase} | ${signed(o.overhead.rpsDelta)} | ${o.overhead.p99DeltaUs >= 0 ? '+' : '−'}${formatUs(Math.abs(o.overhead.p99DeltaUs))} | ${o.overhead.cpuSPer1kDelta === null ? '–' : signed(o.overhead.cpuSPer1kDelta, 4)} |`));
  }
  if (report.memory.length > 0) {
    lines.push('', '### Memory per idle TLS connection', '',
      '| variant | kind | bytes/conn plaintext | bytes/conn TLS | TLS R² |', '|---|---|---:|---:|---:|',
      ...report.memory.map((m) => `| ${m.variant} | ${m.kind} | ${m.plainBytesPerConn === undefined ? '–' : formatBytes(m.plainBytesPerConn)} | ${m.tlsBytesPerConn === undefined ? '–' : formatBytes(m.tlsBytesPerConn)} | ${m.tlsR2 === undefined ? '–' : m.tlsR2.toFixed(3)} |`));
  }
  if (report.invalid.length > 0) {
    lines.push('', 'Invalid TLS phases (not in the tables):', '', ...report.invalid.map((i) => `- ${i.variant} #${i.repetition} ${i.phase}: ${i.reasons.join('; ')}`));
  }
  return lines.join('\n');
}

const many = (record: RunRecord) => record.scenario.repetitions > 1;

function signed(value: number, digits = 1): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}
