// Pure: the rows of the benign HTTP/2 section (report.md and report.html): listeners and SETTINGS, h2 / h2c beside TLS HTTP/1.1, h2load, memory per idle connection.
import type { Http2NegotiatedOn } from '../record/http2.js';
import type { RecordedPhase, RunRecord } from '../record/run.js';
import { aggregateMemory, memoryPerConnectionSeries } from './memory-series.js';
import { summaryRows, type SummaryRow } from './rows.js';

export type PhaseProtocol = 'http1' | 'h2' | 'h2c';

export interface Http2ListenerRow {
  variant: string;
  /** What the variant's config sets (variant.yaml http2.settings). */
  settings: string;
  /** What each listener announced to a verified request: h2 by ALPN on the TLS listener, h2c on its own port. */
  listeners: { listener: 'h2' | 'h2c'; negotiated: Http2NegotiatedOn }[];
}

/** A valid phase's figures (open or closed loop). */
export interface Http2PhaseFigures {
  phase: string;
  protocol: PhaseProtocol;
  connections: number;
  /** HTTP/2: concurrent streams per connection asked; null for HTTP/1.1. */
  streams: number | null;
  rps: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  proxyCpuCores: number | null;
  proxyCpuSPer1k: number | null;
  /** Open loop: the target could not keep up (a valid result); the note says how. */
  saturation: string | null;
}

export interface Http2Versus {
  figures: Http2PhaseFigures;
  /** This phase minus the TLS HTTP/1.1 baseline beside it (null without one). */
  p99DeltaUs: number | null;
  proxyCpuSPer1kDelta: number | null;
  rpsDelta: number | null;
}

/** One cell's open-loop phases at one rate: the TLS HTTP/1.1 keep-alive phase (if valid) and each valid h2 / h2c phase. */
export interface Http2OpenGroup {
  variant: string;
  repetition: number;
  ratePerSec: number;
  baseline: Http2PhaseFigures | undefined;
  http2: Http2Versus[];
}

/** A closed-loop h2 / h2c phase (h2load), beside a TLS HTTP/1.1 closed loop with as many requests in flight when there is one. */
export interface Http2ClosedRow extends Http2Versus {
  variant: string;
  repetition: number;
  baseline: Http2PhaseFigures | undefined;
}

export interface Http2MemoryRow {
  variant: string;
  kind: string;
  ladder: string;
  protocol: 'h2' | 'h2c';
  /** Medians over the repetitions with a fit. */
  bytesPerConn: number;
  r2: number | undefined;
  /** The TLS HTTP/1.1 ladder of the same kind for the same variant. */
  baselineLadder: string | undefined;
  baselineBytesPerConn: number | undefined;
}

export interface Http2Report {
  listeners: Http2ListenerRow[];
  open: Http2OpenGroup[];
  closed: Http2ClosedRow[];
  memory: Http2MemoryRow[];
  /** h2 / h2c phases that are not results and ladders with no figure, each with why (not in the tables). */
  invalid: { variant: string; repetition: number; phase: string; reasons: string[] }[];
}

/** The phase's benign protocol as the scenario declares it (`protocol`, http1 by default). */
export function phaseProtocol(phase: Pick<RecordedPhase, 'protocol'> | undefined): PhaseProtocol {
  return phase?.protocol ?? 'http1';
}

const isHttp2 = (p: PhaseProtocol): p is 'h2' | 'h2c' => p === 'h2' || p === 'h2c';
/** Benign h2 / h2c traffic on its own: a phase with an attack beside it is the attack tables' (h2-attacks.csv). */
const isBenignHttp2 = (p: RecordedPhase | undefined) => p !== undefined && isHttp2(phaseProtocol(p)) && p.attack === undefined;
/** HTTP/1.1 on kept-alive TLS connections, nothing attacking it: the baseline an h2 phase is read against. */
const isTlsHttp1 = (p: RecordedPhase | undefined) => p !== undefined && phaseProtocol(p) === 'http1' && p.tls?.mode === 'keepalive' && p.attack === undefined;

/** undefined when no phase of the run carries benign HTTP/2 alone (`protocol: h2 | h2c`, no attack beside it). */
export function http2Report(record: RunRecord): Http2Report | undefined {
  if (!record.scenario.phases.some(isBenignHttp2)) return undefined;
  const config = (name: string) => record.scenario.phases.find((p) => p.name === name);
  const rows = summaryRows(record);
  const listeners = record.cells.filter((c) => c.repetition === 1 && c.http2).map((c) => ({
    variant: c.variant, settings: c.http2!.settings,
    listeners: ([['h2', c.http2!.tls], ['h2c', c.http2!.h2c]] as const).flatMap(([listener, negotiated]) => (negotiated ? [{ listener, negotiated }] : [])),
  }));
  const invalid = rows.filter((r) => isBenignHttp2(config(r.phaseName)) && r.phase && !r.phase.validity.valid)
    .map((r) => ({ variant: r.cell.variant, repetition: r.cell.repetition, phase: r.phaseName, reasons: r.phase!.validity.reasons }));
  return { listeners, open: openGroups(rows, config), closed: closedRows(rows, config), memory: memoryRows(record, config), invalid: [...invalid, ...unmeasuredLadders(record, config)] };
}

type Config = (name: string) => RecordedPhase | undefined;

function figures(row: SummaryRow, protocol: PhaseProtocol): Http2PhaseFigures | undefined {
  if (!row.phase || !row.latency) return undefined;
  const proxy = row.phase.resources.proxy;
  return {
    phase: row.phaseName, protocol, connections: row.phase.connections, streams: row.phase.traffic.http2?.streamsPerConnection ?? null,
    rps: Math.round(row.phase.traffic.achievedRatePerSec * 10) / 10, p50Us: row.latency.p50Us, p99Us: row.latency.p99Us, p999Us: row.latency.p999Us,
    proxyCpuCores: proxy?.cpuCores ?? null, proxyCpuSPer1k: proxy?.cpuSecondsPer1kRequests ?? null, saturation: row.phase.saturation?.note ?? null,
  };
}

function versus(f: Http2PhaseFigures, base: Http2PhaseFigures | undefined): Http2Versus {
  const cpu = base?.proxyCpuSPer1k !== undefined && base.proxyCpuSPer1k !== null && f.proxyCpuSPer1k !== null ? Math.round((f.proxyCpuSPer1k - base.proxyCpuSPer1k) * 1e5) / 1e5 : null;
  return {
    figures: f, p99DeltaUs: base ? f.p99Us - base.p99Us : null, proxyCpuSPer1kDelta: cpu,
    rpsDelta: base ? Math.round((f.rps - base.rps) * 10) / 10 : null,
  };
}

/** Per cell and offered rate: the h2 / h2c open-loop phases beside the TLS HTTP/1.1 keep-alive phase of that rate. */
function openGroups(rows: readonly SummaryRow[], config: Config): Http2OpenGroup[] {
  const open = (r: SummaryRow) => config(r.phaseName)?.traffic.loop === 'open' && r.phase?.targetRatePerSec !== null && r.phase?.targetRatePerSec !== undefined;
  const groups: Http2OpenGroup[] = [];
  for (const row of rows.filter((r) => open(r) && isBenignHttp2(config(r.phaseName)))) {
    const f = figures(row, phaseProtocol(config(row.phaseName)));
    if (!f) continue;
    const rate = row.phase!.targetRatePerSec!;
    let group = groups.find((g) => g.variant === row.cell.variant && g.repetition === row.cell.repetition && g.ratePerSec === rate);
    if (!group) {
      const twin = rows.find((r) => r.cell === row.cell && open(r) && r.phase!.targetRatePerSec === rate && isTlsHttp1(config(r.phaseName)));
      group = { variant: row.cell.variant, repetition: row.cell.repetition, ratePerSec: rate, baseline: twin && figures(twin, 'http1'), http2: [] };
      groups.push(group);
    }
    group.http2.push(versus(f, group.baseline));
  }
  return groups;
}

/** Closed-loop h2 / h2c phases; the baseline: a TLS HTTP/1.1 closed loop whose connections equal connections × streams (as many requests in flight). */
function closedRows(rows: readonly SummaryRow[], config: Config): Http2ClosedRow[] {
  const closed = (r: SummaryRow) => config(r.phaseName)?.traffic.loop === 'closed';
  return rows.filter((r) => closed(r) && isBenignHttp2(config(r.phaseName))).flatMap((row) => {
    const f = figures(row, phaseProtocol(config(row.phaseName)));
    if (!f) return [];
    const inFlight = f.connections * (f.streams ?? 1);
    const twin = rows.find((r) => r.cell === row.cell && closed(r) && isTlsHttp1(config(r.phaseName)) && r.phase?.connections === inFlight);
    const baseline = twin && figures(twin, 'http1');
    return [{ variant: row.cell.variant, repetition: row.cell.repetition, baseline, ...versus(f, baseline) }];
  });
}

/** Each h2 / h2c ladder's bytes per connection beside the TLS HTTP/1.1 ladder of the same kind (medians over repetitions), in variant order. */
function memoryRows(record: RunRecord, config: Config): Http2MemoryRow[] {
  const aggregates = aggregateMemory(memoryPerConnectionSeries(record));
  const order = (variant: string) => record.variants.findIndex((v) => v.name === variant);
  return aggregates.flatMap((a) => {
    const protocol = phaseProtocol(config(a.ladder));
    if (!isHttp2(protocol) || a.bytesPerConn === undefined) return [];
    const base = aggregates.find((b) => b.variant === a.variant && b.kind === a.kind && isTlsHttp1(config(b.ladder)) && b.bytesPerConn !== undefined);
    return [{
      variant: a.variant, kind: a.kind, ladder: a.ladder, protocol, bytesPerConn: a.bytesPerConn.median, r2: a.r2?.median,
      baselineLadder: base?.ladder, baselineBytesPerConn: base?.bytesPerConn?.median,
    }];
  }).sort((x, y) => order(x.variant) - order(y.variant));
}

/** h2 / h2c ladders of a cell that gave no bytes-per-connection figure, with why. */
function unmeasuredLadders(record: RunRecord, config: Config): Http2Report['invalid'] {
  return memoryPerConnectionSeries(record).filter((s) => isHttp2(phaseProtocol(config(s.ladder))) && s.fit === null).map((s) => {
    const reasons = [...(s.status === 'ok' ? [] : [`ladder ${s.status}`]), ...(s.note ? [s.note] : [])];
    return { variant: s.variant, repetition: s.repetition, phase: s.ladder, reasons: reasons.length > 0 ? reasons : ['no bytes-per-connection figure (fewer than two distinct connection counts)'] };
  });
}
