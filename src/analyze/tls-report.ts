// Pure: the rows of the TLS section (report.md and report.html): listeners, handshake cost, overhead, memory beside plaintext.
import { aggregateMemory, memoryPerConnectionSeries } from './memory-series.js';
import type { RunRecord } from '../record/run.js';
import type { TlsListenerInfo } from '../record/tls.js';
import { summaryRows } from './rows.js';
import { phaseProtocol } from './http2-report.js';
import { tlsFigures, tlsOverhead, type TlsFigures, type TlsOverhead } from './tls-figures.js';

export interface TlsListenerRow { variant: string; info: TlsListenerInfo }
export interface TlsHandshakeRow { variant: string; repetition: number; phase: string; figures: TlsFigures; p50Us: number; p99Us: number }
export interface TlsOverheadRow { variant: string; repetition: number; phase: string; overhead: TlsOverhead }
export interface TlsMemoryRow { variant: string; kind: string; plainLadder: string | undefined; plainBytesPerConn: number | undefined; tlsLadder: string; tlsBytesPerConn: number | undefined; tlsR2: number | undefined }

export interface TlsReport {
  listeners: TlsListenerRow[];
  handshakes: TlsHandshakeRow[];
  overhead: TlsOverheadRow[];
  memory: TlsMemoryRow[];
  /** Invalid TLS HTTP/1.1 phases and why (the mode check among them); invalid h2 phases are the HTTP/2 section's. */
  invalid: { variant: string; repetition: number; phase: string; reasons: string[] }[];
}

/** undefined when the run has no TLS phase. */
export function tlsReport(record: RunRecord): TlsReport | undefined {
  if (!record.scenario.phases.some((p) => p.tls !== undefined)) return undefined;
  const listeners = record.cells.filter((c) => c.repetition === 1 && c.tls).map((c) => ({ variant: c.variant, info: c.tls! }));
  const rows = summaryRows(record);
  const handshakes: TlsHandshakeRow[] = [];
  const overhead: TlsOverheadRow[] = [];
  for (const row of rows) {
    const figures = tlsFigures(row);
    if (figures && figures.mode !== 'keepalive' && row.latency) {
      handshakes.push({ variant: row.cell.variant, repetition: row.cell.repetition, phase: row.phaseName, figures, p50Us: row.latency.p50Us, p99Us: row.latency.p99Us });
    }
    const o = tlsOverhead(record, row.cell, row.phase);
    if (o) overhead.push({ variant: row.cell.variant, repetition: row.cell.repetition, phase: row.phaseName, overhead: o });
  }
  // invalid h2 phases (over TLS too) are listed by the HTTP/2 section
  const http1 = (name: string) => phaseProtocol(record.scenario.phases.find((p) => p.name === name)) === 'http1';
  const invalid = rows.filter((r) => r.phase?.traffic.tls && !r.phase.validity.valid && http1(r.phaseName))
    .map((r) => ({ variant: r.cell.variant, repetition: r.cell.repetition, phase: r.phaseName, reasons: r.phase!.validity.reasons }));
  return { listeners, handshakes, overhead, memory: memoryRows(record), invalid };
}

/**
 * Each TLS HTTP/1.1 ladder beside the plaintext HTTP/1.1 ladder of the same kind for the same variant (medians over
 * repetitions); HTTP/2 ladders are the HTTP/2 section's (http2-report.ts).
 */
function memoryRows(record: RunRecord): TlsMemoryRow[] {
  const aggregates = aggregateMemory(memoryPerConnectionSeries(record));
  const http1Ladders = record.scenario.phases.filter((p) => p.traffic.loop === 'ladder' && phaseProtocol(p) === 'http1');
  const tlsLadders = new Set(http1Ladders.filter((p) => p.tls).map((p) => p.name));
  const plainLadders = new Set(http1Ladders.filter((p) => !p.tls).map((p) => p.name));
  return aggregates.filter((a) => tlsLadders.has(a.ladder) && a.bytesPerConn !== undefined).map((a) => {
    const plain = aggregates.find((p) => p.variant === a.variant && p.kind === a.kind && plainLadders.has(p.ladder));
    return {
      variant: a.variant, kind: a.kind, plainLadder: plain?.ladder, plainBytesPerConn: plain?.bytesPerConn?.median,
      tlsLadder: a.ladder, tlsBytesPerConn: a.bytesPerConn?.median, tlsR2: a.r2?.median,
    };
  });
}
