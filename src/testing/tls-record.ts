// Test helper: a literal run record with a plaintext, a TLS keep-alive and a full-handshake phase (figures and renderers).
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import type { PhaseRecord, RunRecord } from '../record/run.js';
import { scenarioSchema } from '../scenario/schema.js';
import type { TlsConnectionStats } from '../traffic/types.js';

export interface TlsFixturePhase {
  name: string;
  /** Every request took this long, µs. */
  latencyUs: number;
  rps: number;
  proxyCpuSeconds: number;
  /** Over the 10 s phase. */
  proxyCpuCores?: number;
  tls?: Partial<TlsConnectionStats> & Pick<TlsConnectionStats, 'mode'>;
  valid?: boolean;
}

const durationMs = 10_000;

function phase(p: TlsFixturePhase): PhaseRecord {
  const h = createLatencyHistogram();
  const requests = Math.round((p.rps * durationMs) / 1000);
  h.recordValueWithCount(p.latencyUs, requests);
  const cores = p.proxyCpuCores ?? p.proxyCpuSeconds / (durationMs / 1000);
  const tls: TlsConnectionStats | undefined = p.tls && {
    version: '1.3', requestsPerConnection: p.tls.mode === 'keepalive' ? null : 1, handshakes: requests, resumed: p.tls.mode === 'resumed' ? requests : 0,
    unauthorized: 0, protocols: { 'TLSv1.3': requests }, ciphers: { TLS_AES_128_GCM_SHA256: requests }, ...p.tls,
  };
  return {
    name: p.name, warmup: false, trafficClass: 'benign', loop: 'open', connections: 64, targetRatePerSec: p.tls?.mode === 'full' || p.tls?.mode === 'resumed' ? 100 : 1000,
    durationMs, startMs: 0, endMs: durationMs,
    traffic: {
      kind: 'open', startedAtMs: 0, endedAtMs: durationMs, requests, non2xx: 0, errors: {}, statusCounts: { 200: requests },
      latencyUs: encodeHistogram(h), intervals: [], achievedRatePerSec: p.rps, bytesRead: 0, bytesWritten: 0, ...(tls ? { tls } : {}),
    },
    upstream: { requests, connectionsOpened: 8 },
    resources: {
      proxy: { cpuCores: cores, cpuSeconds: p.proxyCpuSeconds, cpuSecondsPer1kRequests: (p.proxyCpuSeconds / requests) * 1000, rssPeakBytes: 8e6, rssSteadyBytes: 7e6, threadsMax: 1, samples: 10 },
      upstream: null, generator: null,
    },
    validity: { valid: p.valid ?? true, reasons: p.valid === false ? ['generator fell behind its schedule'] : [] },
  };
}

/** One variant, one repetition, the given phases (the scenario declares a `tls` block for each phase with one). */
export function tlsRecord(variant: string, phases: TlsFixturePhase[]): RunRecord {
  const scenario = scenarioSchema.parse({
    name: 'tls-fixture', variants: [variant],
    phases: phases.map((p) => ({
      name: p.name, duration: '10s', traffic: { loop: 'open', rate: p.tls?.mode === 'full' || p.tls?.mode === 'resumed' ? '100/s' : '1000/s' },
      ...(p.tls ? { tls: { mode: p.tls.mode } } : {}),
    })),
  });
  return {
    schemaVersion: 1, runId: 'tls-fixture', status: 'complete',
    provenance: {} as RunRecord['provenance'], scenario,
    upstream: { version: '0', bodyBytes: 1024, latency: { distribution: 'none' } },
    variants: [{ name: variant, language: 'C', role: 'proxy', status: 'available', version: '1', skipReason: null, fix: null }],
    tls: { keyType: 'rsa2048', version: '1.3', certificateFingerprint256: 'AA:BB' },
    cells: [{
      variant, repetition: 1, status: 'ok', startedAt: '', endedAt: '', failure: null, phases: phases.map(phase), timeseries: {},
      tls: { port: 18443, library: 'OpenSSL', libraryVersion: '3.0.19', resumption: 'tickets + cache', negotiated: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', keyType: 'rsa2048', fingerprint256: 'AA:BB' } },
    }],
  };
}
