// Pure: a TLS phase's figures — proxy CPU per handshake, handshakes/s per proxy core (observed or estimated), connect +
// handshake time, and its overhead against the plaintext phase of the same rate in the same cell.
import { summarizeEncoded } from '../measure/histogram.js';
import type { CellRecord, PhaseRecord, RunRecord } from '../record/run.js';
import type { SummaryRow } from './rows.js';
import { phaseProtocol } from './http2-report.js';

/** The proxy counts as saturated (handshakes/s per core observed, not estimated) above this many cores busy. */
export const saturatedProxyCores = 0.9;

export interface TlsFigures {
  mode: string;
  version: string;
  keyType: string;
  requestsPerConnection: number | null;
  handshakes: number;
  resumed: number;
  /** Handshakes completed per second of the phase. */
  handshakesPerSec: number;
  /** full / resumed: proxy CPU over the phase ÷ handshakes completed, µs (null for keepalive or without a proxy). */
  proxyCpuUsPerHandshake: number | null;
  /** Handshakes per second one proxy core sustains: observed where the proxy was saturated, else 1e6 ÷ CPU per handshake. */
  handshakesPerSecPerCore: number | null;
  handshakesPerCoreBasis: 'observed' | 'estimate' | null;
  /** Open loop: connect start → handshake done, µs. */
  handshakeP50Us: number | null;
  handshakeP99Us: number | null;
}

/** The TLS figures of a valid TLS phase, undefined for plaintext or invalid phases. */
export function tlsFigures(row: Pick<SummaryRow, 'phase' | 'record' | 'phaseName'>): TlsFigures | undefined {
  const phase = row.phase;
  const tls = phase?.traffic.tls;
  if (!phase || !tls || !phase.validity.valid) return undefined;
  const declared = row.record.scenario.phases.find((p) => p.name === row.phaseName)?.tls;
  const seconds = phase.durationMs / 1000;
  const proxy = phase.resources.proxy;
  const perHandshake = tls.mode !== 'keepalive' && proxy && tls.handshakes > 0 ? (proxy.cpuSeconds * 1e6) / tls.handshakes : null;
  const saturated = proxy !== null && proxy.cpuCores >= saturatedProxyCores;
  const handshakesPerSec = seconds > 0 ? tls.handshakes / seconds : 0;
  const perCore = perHandshake === null ? null : saturated ? handshakesPerSec / proxy.cpuCores : 1e6 / perHandshake;
  const handshake = tls.handshakeUs ? summarizeEncoded(tls.handshakeUs) : undefined;
  return {
    mode: tls.mode,
    version: tls.version,
    keyType: declared?.key ?? row.record.tls?.keyType ?? 'unknown',
    requestsPerConnection: tls.requestsPerConnection,
    handshakes: tls.handshakes,
    resumed: tls.resumed,
    handshakesPerSec: round(handshakesPerSec, 1),
    proxyCpuUsPerHandshake: perHandshake === null ? null : round(perHandshake, 1),
    handshakesPerSecPerCore: perCore === null ? null : Math.round(perCore),
    handshakesPerCoreBasis: perCore === null ? null : saturated ? 'observed' : 'estimate',
    handshakeP50Us: handshake?.p50Us ?? null,
    handshakeP99Us: handshake?.p99Us ?? null,
  };
}

export interface TlsOverhead {
  /** The plaintext phase of the same loop, rate (or connections) and HTTP version in the same cell (h2 beside h2c). */
  plainPhase: string;
  rpsDelta: number;
  p99DeltaUs: number;
  cpuSPer1kDelta: number | null;
}

/**
 * A TLS keepalive phase against its plaintext twin in the same cell (same loop, same rate / connections, same HTTP: HTTP/1.1
 * beside HTTP/1.1, h2 beside h2c), both valid.
 */
export function tlsOverhead(record: RunRecord, cell: CellRecord, phase: PhaseRecord | undefined): TlsOverhead | undefined {
  if (!phase?.traffic.tls || phase.traffic.tls.mode !== 'keepalive' || !phase.validity.valid) return undefined;
  const config = (name: string) => record.scenario.phases.find((p) => p.name === name);
  const protocol = phaseProtocol(config(phase.name));
  const plainProtocol = protocol === 'h2' ? 'h2c' : protocol;
  const twin = cell.phases.find((p) => p !== phase && !p.warmup && !p.traffic.tls && !config(p.name)?.tls && p.validity.valid && phaseProtocol(config(p.name)) === plainProtocol
    && p.loop === phase.loop && p.targetRatePerSec === phase.targetRatePerSec && (p.loop === 'open' || p.connections === phase.connections));
  if (!twin) return undefined;
  const p99 = (p: PhaseRecord) => summarizeEncoded(p.traffic.latencyUs).p99Us;
  const cpu = (p: PhaseRecord) => p.resources.proxy?.cpuSecondsPer1kRequests ?? null;
  const [tlsCpu, plainCpu] = [cpu(phase), cpu(twin)];
  return {
    plainPhase: twin.name,
    rpsDelta: round(phase.traffic.achievedRatePerSec - twin.traffic.achievedRatePerSec, 1),
    p99DeltaUs: p99(phase) - p99(twin),
    cpuSPer1kDelta: tlsCpu === null || plainCpu === null ? null : round(tlsCpu - plainCpu, 5),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
