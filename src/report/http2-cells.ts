// Pure: the benign HTTP/2 section's table headers and row cells (plain text), shared by report.md and report.html.
import type { Http2ClosedRow, Http2MemoryRow, Http2OpenGroup, Http2PhaseFigures, Http2Report, PhaseProtocol } from '../analyze/http2-report.js';
import { formatBytes, formatUs } from '../shared/units.js';

const dash = '–';
const protocolName: Record<PhaseProtocol, string> = { http1: 'HTTP/1.1 over TLS', h2: 'h2 (TLS, ALPN)', h2c: 'h2c' };
const signedUs = (us: number | null) => (us === null ? dash : `${us >= 0 ? '+' : '−'}${formatUs(Math.abs(us))}`);
const signed = (v: number | null, digits: number) => (v === null ? dash : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`);
const num = (v: number | null | undefined, digits: number) => (v === null || v === undefined ? dash : v.toFixed(digits));
const setting = (v: number | boolean | null) => (v === null ? dash : String(v));
const rep = (repetitions: number, n: number) => (repetitions > 1 ? ` #${n}` : '');
const shape = (f: Http2PhaseFigures) => (f.streams === null ? `${f.connections}` : `${f.connections} × ${f.streams}`);
const rps = (f: Http2PhaseFigures) => `${f.rps.toFixed(0)}${f.saturation ? ' (saturated)' : ''}`;

export const http2ListenerHeader = ['variant', 'listener', 'negotiated', 'max concurrent streams', 'initial stream window', 'connection window', 'max frame', 'max header list', 'header table'];

export function http2ListenerCells(row: Http2Report['listeners'][number]): string[][] {
  return row.listeners.map(({ listener, negotiated: n }) => {
    const s = n.remoteSettings;
    return [row.variant, `${listener} (port ${n.port})`, n.alpn, setting(s.maxConcurrentStreams), setting(s.initialWindowSize), setting(n.connectionWindowBytes),
      setting(s.maxFrameSize), setting(s.maxHeaderListSize), setting(s.headerTableSize)];
  });
}

export const http2OpenHeader = ['variant', 'rate', 'phase', 'protocol', 'connections × streams', 'rps', 'p50', 'p99', 'p99.9', 'Δp99 vs TLS h1.1', 'proxy CPU s/1k req', 'Δ CPU s/1k vs TLS h1.1'];

/** The TLS HTTP/1.1 row first (when valid), then each h2 / h2c phase of the same rate with its Δ. */
export function http2OpenCells(g: Http2OpenGroup, repetitions: number): string[][] {
  const who = g.variant + rep(repetitions, g.repetition);
  const row = (f: Http2PhaseFigures, p99Delta: string, cpuDelta: string) => [
    who, `${g.ratePerSec}/s`, f.phase, protocolName[f.protocol], shape(f), rps(f), formatUs(f.p50Us), formatUs(f.p99Us), formatUs(f.p999Us), p99Delta, num(f.proxyCpuSPer1k, 4), cpuDelta,
  ];
  return [
    ...(g.baseline ? [row(g.baseline, 'baseline', 'baseline')] : []),
    ...g.http2.map((v) => row(v.figures, signedUs(v.p99DeltaUs), signed(v.proxyCpuSPer1kDelta, 4))),
  ];
}

/** `withBaseline`: a column for the TLS HTTP/1.1 closed loop beside it (only when some row has one). */
export function http2ClosedHeader(withBaseline: boolean): string[] {
  return ['variant', 'phase', 'protocol', 'connections × streams', 'rps', 'p50', 'p99', 'p99.9', 'proxy CPU cores', 'proxy CPU s/1k req', ...(withBaseline ? ['vs TLS h1.1 (Δ rps, Δp99)'] : [])];
}

export function http2ClosedCells(r: Http2ClosedRow, repetitions: number, withBaseline: boolean): string[] {
  const f = r.figures;
  const versus = r.baseline ? `${r.baseline.phase}: ${signed(r.rpsDelta, 0)}, ${signedUs(r.p99DeltaUs)}` : dash;
  return [r.variant + rep(repetitions, r.repetition), f.phase, protocolName[f.protocol], shape(f), rps(f), formatUs(f.p50Us), formatUs(f.p99Us), formatUs(f.p999Us),
    num(f.proxyCpuCores, 2), num(f.proxyCpuSPer1k, 4), ...(withBaseline ? [versus] : [])];
}

export const http2MemoryHeader = ['variant', 'kind', 'ladder', 'protocol', 'bytes/conn', 'R²', 'bytes/conn TLS HTTP/1.1', 'Δ bytes/conn'];

export function http2MemoryCells(m: Http2MemoryRow): string[] {
  const delta = m.baselineBytesPerConn === undefined ? dash : `${m.bytesPerConn >= m.baselineBytesPerConn ? '+' : '−'}${formatBytes(Math.abs(m.bytesPerConn - m.baselineBytesPerConn))}`;
  return [m.variant, m.kind, m.ladder, protocolName[m.protocol], formatBytes(m.bytesPerConn), num(m.r2, 3),
    m.baselineBytesPerConn === undefined ? dash : `${formatBytes(m.baselineBytesPerConn)} (${m.baselineLadder})`, delta];
}
