// Test helper: small literal run records (one measured closed-loop or open-loop phase) for the gate's and the renderers' tests.
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import type { AttackPhaseRecord } from '../record/attack.js';
import type { ProbeResultRecord } from '../record/probe.js';
import type { CellRecord, PhaseRecord, RunRecord } from '../record/run.js';
import { scenarioSchema } from '../scenario/schema.js';

export interface FixtureCell {
  variant: string;
  repetition: number;
  status?: CellRecord['status'];
  /** Every request took this long (so p99 = p99.9 = this), µs. */
  latencyUs?: number;
  rps?: number;
  cpuPer1k?: number;
  valid?: boolean;
  /** Makes the phase open loop at this offered rate (phase `open`); `rps` is then the rate achieved. */
  openRatePerSec?: number;
  /** Open loop: marked saturated (the target could not keep up; still valid). */
  saturated?: boolean;
}

export function phase(c: FixtureCell): PhaseRecord {
  const h = createLatencyHistogram();
  h.recordValueWithCount(c.latencyUs ?? 1000, 1000);
  const requests = 1000;
  const figures = { cpuCores: 0.5, cpuSeconds: 0.5, cpuSecondsPer1kRequests: c.cpuPer1k ?? 0.01, rssPeakBytes: 8e6, rssSteadyBytes: 7e6, threadsMax: 1, samples: 10 };
  const open = c.openRatePerSec !== undefined;
  const rps = c.rps ?? 1000;
  const saturation = c.saturated && open
    ? { saturation: { atRatePerSec: rps, targetRatePerSec: c.openRatePerSec!, queuedAtEnd: 10, queuePeakRequests: 20, timeouts: 0, note: `saturated at ${rps}/s` } }
    : {};
  return {
    ...saturation,
    name: open ? 'open' : 'closed', warmup: false, trafficClass: 'benign', loop: open ? 'open' : 'closed', connections: 8, targetRatePerSec: open ? c.openRatePerSec! : null,
    durationMs: 1000, startMs: 0, endMs: 1000,
    traffic: {
      kind: open ? 'open' : 'closed', startedAtMs: 0, endedAtMs: 1000, requests, non2xx: 0, errors: {}, statusCounts: { 200: requests },
      latencyUs: encodeHistogram(h), intervals: [], achievedRatePerSec: rps, bytesRead: 0, bytesWritten: 0,
      ...(open ? { targetRatePerSec: c.openRatePerSec! } : {}),
    },
    upstream: { requests, connectionsOpened: 8 },
    resources: { proxy: c.variant === 'direct' ? null : figures, upstream: null, generator: null },
    validity: c.valid === false ? { valid: false, reasons: ['generator fell behind'] } : { valid: true, reasons: [] },
  };
}

/** A local run's provenance on a 2-core test host (scenario fixture.yaml). */
export function fixtureProvenance(): RunRecord['provenance'] {
  return {
    tool: { name: 'proxybench', version: '0.1.0', gitRevision: 'abcdef1234567890', gitDirty: false }, node: 'v20.0.0',
    scenario: { file: 'fixture.yaml', sha256: 'f'.repeat(64), name: 'fixture', quick: false },
    host: { hostname: 'h', kernel: '6.1', os: 'Debian', cpuModel: 'Test CPU', cores: 2, memoryBytes: 1e9, fdLimit: 1024 },
    runtime: 'local', cpuLayout: { generator: '0', proxy: '1', upstream: '1' }, command: ['run'],
    startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:00.000Z',
  };
}

/** A record whose scenario has one measured phase `closed`; `cellExtras` are merged into every cell (ladders, probes…). */
export function fixtureRecord(runId: string, cells: FixtureCell[], options: { slo?: Record<string, number>; cellExtras?: Partial<CellRecord> } = {}): RunRecord {
  const variants = [...new Set(cells.map((c) => c.variant))];
  const scenario = scenarioSchema.parse({
    name: 'fixture',
    variants,
    repetitions: Math.max(...cells.map((c) => c.repetition)),
    phases: cells.some((c) => c.openRatePerSec !== undefined)
      ? [{ name: 'open', duration: '1s', traffic: { loop: 'open', rate: `${cells.find((c) => c.openRatePerSec !== undefined)!.openRatePerSec!}/s` } }]
      : [{ name: 'closed', duration: '1s', traffic: { loop: 'closed', connections: 8 } }],
    slo: options.slo ?? {},
  });
  const record: RunRecord = {
    schemaVersion: 1, runId, status: 'complete',
    provenance: fixtureProvenance(),
    scenario,
    upstream: { version: 'test', bodyBytes: 256, latency: { distribution: 'none' } },
    variants: variants.map((name) => ({ name, language: 'test', role: name === 'direct' ? 'direct' : 'proxy', status: 'available', version: '1.0', skipReason: null, fix: null })),
    cells: cells.map((c) => ({
      variant: c.variant, repetition: c.repetition, status: c.status ?? 'ok',
      startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:10.000Z',
      failure: (c.status ?? 'ok') === 'ok' ? null : { message: 'proxy exited with code 1', exit: null, logFile: null, logTail: 'boom' },
      phases: (c.status ?? 'ok') === 'ok' ? [phase(c)] : [],
      timeseries: {},
      ...(options.cellExtras ?? {}),
    })),
  };
  return record;
}

/** A probe's verdict as a sweep records it (cell.probes): `pass` from its tier, one attempt, a little evidence. */
export function probeResult(probe: string, verdict: ProbeResultRecord['verdict'], pass: boolean | null): ProbeResultRecord {
  return {
    probe, category: 'smuggling', tier: 'ambiguous', title: probe, verdict, pass, reason: 'why', attempts: verdict === 'SKIPPED' ? [] : [verdict], durationMs: 12,
    evidence: verdict === 'SKIPPED' ? null : {
      sent: 'POST /p01', client: { statuses: [400], interim: [], closed: 'fin', timedOut: false, bytes: '' },
      upstream: { connections: 0, requests: [], answers: [], bytes: '', pendingBytes: 0 }, parsers: [], victim: { statuses: [200], echo: '/victim', timedOut: false },
    },
  };
}

/**
 * An attack phase as a run records it: `name` with `kind` running beside it over its first second (every request in it took
 * `underAttackUs`) against the clean phase `clean`. Add it to a cell whose phases include `clean`.
 */
export function attackPhase(variant: string, kind: AttackPhaseRecord['kind'], clean: string, underAttackUs: number): PhaseRecord {
  const p = phase({ variant, repetition: 1, latencyUs: underAttackUs });
  const attack: AttackPhaseRecord = {
    kind, clean, params: { connections: 50, ratePerSec: 50, intervalMs: 1000, depth: 100, durationMs: 1000 }, window: { startMs: 0, endMs: 1000 },
    proxyConnectionsPeak: 60, proxyFdsPeak: 80, error: null,
    attacker: { kind, durationMs: 1000, connectionsOpened: 50, connectionsFailed: 0, maxOpen: 50, closedByProxy: 0, firstCutMs: null, medianCutMs: null, statuses: {}, requestsSent: 0, bytesSent: 0, bytesReceived: 0 },
  };
  return { ...p, name: kind, traffic: { ...p.traffic, intervals: [{ startMs: 0, endMs: 1000, latencyUs: p.traffic.latencyUs }] }, attack };
}

/** Cells for `variant` with one repetition per latency value. */
export function cellsFor(variant: string, latenciesUs: number[], extra: Partial<FixtureCell> = {}): FixtureCell[] {
  return latenciesUs.map((latencyUs, i) => ({ variant, repetition: i + 1, latencyUs, ...extra }));
}
