// Pure: the TLS section of report.html: each listener, CPU per handshake by mode, overhead over plaintext, memory per TLS connection.
import { tlsReport } from '../../../analyze/tls-report.js';
import type { RunRecord } from '../../../record/run.js';
import { formatBytes, formatUs } from '../../../shared/units.js';
import { escapeHtml, htmlTable } from '../html.js';

/** '' when the run has no TLS phase. */
export function tlsSection(record: RunRecord): string {
  const report = tlsReport(record);
  if (!report) return '';
  const t = record.tls;
  const rep = (n: number) => (record.scenario.repetitions > 1 ? ` #${n}` : '');
  const parts = [
    '<h2 id="tls">TLS</h2>',
    `<p class="lead">One certificate for every variant, generated for this run${t ? ` (${escapeHtml(t.keyType)}, TLS ${escapeHtml(t.version)})` : ''}; ` +
      'the generator trusts only the run’s CA. Each connection reports whether it resumed (<code>isSessionReused()</code>): a phase whose ' +
      'connections did not do what its mode declares is invalid and not shown. Handshakes/s per core is <strong>observed</strong> where the proxy ' +
      'used ≥ 0.9 of a core, else an <strong>estimate</strong> from CPU per handshake.</p>',
    htmlTable(['variant', 'TLS library', 'resumption', 'negotiated'],
      report.listeners.map(({ variant, info }) => [escapeHtml(variant), escapeHtml(`${info.library} ${info.libraryVersion ?? '(version unknown)'}`), escapeHtml(info.resumption), escapeHtml(`${info.negotiated.protocol}, ${info.negotiated.cipher}, ${info.negotiated.keyType}`)])),
  ];
  if (report.handshakes.length > 0) {
    parts.push('<h3>Handshake cost</h3>', htmlTable(
      ['variant', 'phase', 'mode', 'new conn/s', 'proxy CPU per handshake', 'handshakes/s per proxy core', 'connect+handshake p50 / p99', 'new-connection latency p50 / p99'],
      report.handshakes.map((h) => [
        escapeHtml(h.variant + rep(h.repetition)), escapeHtml(h.phase), escapeHtml(h.figures.mode), String(h.figures.handshakesPerSec),
        h.figures.proxyCpuUsPerHandshake === null ? '–' : `${h.figures.proxyCpuUsPerHandshake.toFixed(0)} µs`,
        h.figures.handshakesPerSecPerCore === null ? '–' : `${h.figures.handshakesPerSecPerCore} <small>(${h.figures.handshakesPerCoreBasis})</small>`,
        h.figures.handshakeP50Us === null ? '–' : `${formatUs(h.figures.handshakeP50Us)} / ${formatUs(h.figures.handshakeP99Us!)}`,
        `${formatUs(h.p50Us)} / ${formatUs(h.p99Us)}`,
      ]), { numericFrom: 3 }));
  }
  if (report.overhead.length > 0) {
    parts.push('<h3>TLS overhead at the same rate</h3>', htmlTable(
      ['variant', 'TLS phase', 'plaintext phase', 'Δ rps', 'Δ p99', 'Δ proxy CPU s per 1k req'],
      report.overhead.map((o) => [
        escapeHtml(o.variant + rep(o.repetition)), escapeHtml(o.phase), escapeHtml(o.overhead.plainPhase), o.overhead.rpsDelta.toFixed(1),
        `${o.overhead.p99DeltaUs >= 0 ? '+' : '−'}${formatUs(Math.abs(o.overhead.p99DeltaUs))}`,
        o.overhead.cpuSPer1kDelta === null ? '–' : o.overhead.cpuSPer1kDelta.toFixed(4),
      ]), { numericFrom: 3 }));
  }
  if (report.memory.length > 0) {
    parts.push('<h3>Memory per idle TLS connection</h3>', htmlTable(
      ['variant', 'kind', 'bytes/conn plaintext', 'bytes/conn TLS', 'TLS R²'],
      report.memory.map((m) => [escapeHtml(m.variant), escapeHtml(m.kind), m.plainBytesPerConn === undefined ? '–' : formatBytes(m.plainBytesPerConn), m.tlsBytesPerConn === undefined ? '–' : formatBytes(m.tlsBytesPerConn), m.tlsR2 === undefined ? '–' : m.tlsR2.toFixed(3)]),
      { numericFrom: 2 }));
  }
  if (report.invalid.length > 0) {
    parts.push(`<ul class="notes">${report.invalid.map((i) => `<li>${escapeHtml(`${i.variant} #${i.repetition} ${i.phase}`)}: <span class="invalid">${escapeHtml(i.reasons.join('; '))}</span></li>`).join('')}</ul>`);
  }
  return parts.join('\n');
}
