// Test helper: a literal run record shaped like scenarios/http2.yaml — TLS HTTP/1.1, h2 and h2c open loops, h2load, idle ladders.
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import type { Http2NegotiatedOn } from '../record/http2.js';
import type { CellRecord, PhaseRecord, RunRecord } from '../record/run.js';
import { scenarioSchema } from '../scenario/schema.js';
import { ladder, step } from './ladder-records.js';
import { fixtureProvenance } from './record-fixture.js';

export interface Http2FixturePhase {
  name: string;
  loop: 'open' | 'closed';
  /** Absent: HTTP/1.1 (over TLS with `tls`). */
  protocol?: 'h2' | 'h2c';
  tls?: boolean;
  /** Open loop: the offered rate (1000/s unless given). */
  ratePerSec?: number;
  connections: number;
  streams?: number;
  /** 99.5% of the requests took this long, µs (so p50 = p99 = this)… */
  latencyUs: number;
  /** …and the slowest 0.5% this long (p99.9). */
  tailUs: number;
  rps: number;
  proxyCpuSeconds: number;
  /** Invalid with these reasons. */
  invalid?: string[];
}

export interface Http2FixtureLadder {
  name: string;
  protocol?: 'h2' | 'h2c';
  tls?: boolean;
  /** The fitted slope; null: a ladder whose RSS did not move (no figure). */
  bytesPerConn: number | null;
  status?: 'ok' | 'failed';
  note?: string;
}

const durationMs = 8000;

function phase(p: Http2FixturePhase): PhaseRecord {
  const h = createLatencyHistogram();
  const requests = Math.round((p.rps * durationMs) / 1000);
  h.recordValueWithCount(p.latencyUs, requests - Math.ceil(requests / 200));
  h.recordValueWithCount(p.tailUs, Math.ceil(requests / 200));
  const http2 = p.protocol && {
    protocol: p.protocol, streamsPerConnection: p.streams ?? 10, negotiated: { [p.protocol]: p.connections }, serverMaxStreams: 128, streamSlotWaits: 0, resets: {}, goaways: {},
  };
  const tls = (p.tls || p.protocol === 'h2') && p.loop === 'open'
    ? { mode: 'keepalive' as const, version: '1.3' as const, requestsPerConnection: null, handshakes: p.connections, resumed: 0, unauthorized: 0, protocols: { 'TLSv1.3': p.connections }, ciphers: { TLS_AES_128_GCM_SHA256: p.connections } }
    : undefined;
  const rate = p.loop === 'open' ? p.ratePerSec ?? 1000 : null;
  return {
    name: p.name, warmup: false, trafficClass: 'benign', loop: p.loop, connections: p.connections, targetRatePerSec: rate, durationMs, startMs: 0, endMs: durationMs,
    traffic: {
      kind: p.loop, startedAtMs: 0, endedAtMs: durationMs, requests, non2xx: 0, errors: {}, statusCounts: { 200: requests }, latencyUs: encodeHistogram(h), intervals: [],
      achievedRatePerSec: p.rps, bytesRead: 0, bytesWritten: 0, ...(rate === null ? {} : { targetRatePerSec: rate }), ...(tls ? { tls } : {}), ...(http2 ? { http2 } : {}),
    },
    upstream: { requests, connectionsOpened: 16 },
    resources: {
      proxy: { cpuCores: p.proxyCpuSeconds / (durationMs / 1000), cpuSeconds: p.proxyCpuSeconds, cpuSecondsPer1kRequests: (p.proxyCpuSeconds / requests) * 1000, rssPeakBytes: 9e6, rssSteadyBytes: 8e6, threadsMax: 1, samples: 8 },
      upstream: null, generator: null,
    },
    validity: p.invalid ? { valid: false, reasons: p.invalid } : { valid: true, reasons: [] },
  };
}

const steps = [0, 250, 500, 1000];

function ladderRecord(l: Http2FixtureLadder) {
  const base = 10_000_000;
  const rss = (n: number) => base + (l.bytesPerConn ?? 0) * n;
  return ladder(l.name, steps.map((n) => step(n, rss(n))), {
    ...(l.protocol ? { protocol: l.protocol } : {}), ...(l.tls ? { tls: { version: '1.3', keyType: 'rsa2048' } } : {}),
    fit: l.bytesPerConn === null ? null : { bytesPerConn: l.bytesPerConn, baseBytes: base, r2: 0.998, points: steps.length },
    status: l.status ?? 'ok', note: l.note ?? null,
  });
}

export const negotiatedOn = (port: number, alpn: string, maxConcurrentStreams: number): Http2NegotiatedOn => ({
  port, alpn, connectionWindowBytes: 2147483647,
  remoteSettings: { maxConcurrentStreams, initialWindowSize: 65535, maxFrameSize: 16777215, maxHeaderListSize: null, headerTableSize: 4096, enablePush: false },
});

/** One cell per variant (same figures each), repetition 1; the scenario declares `protocol`, `tls` and `streams` as given. */
export function http2Record(variants: string[], phases: Http2FixturePhase[], ladders: Http2FixtureLadder[] = []): RunRecord {
  const scenario = scenarioSchema.parse({
    name: 'http2-fixture', variants,
    phases: [
      ...phases.map((p) => ({
        name: p.name, duration: '8s', ...(p.protocol ? { protocol: p.protocol } : {}), ...(p.tls ? { tls: { mode: 'keepalive' } } : {}),
        traffic: p.loop === 'open'
          ? { loop: 'open', rate: `${p.ratePerSec ?? 1000}/s`, connections: p.connections, ...(p.streams ? { streams: p.streams } : {}) }
          : { loop: 'closed', connections: p.connections, ...(p.streams ? { streams: p.streams } : {}) },
      })),
      ...ladders.map((l) => ({
        name: l.name, duration: '40s', ...(l.protocol ? { protocol: l.protocol } : {}), ...(l.tls ? { tls: { mode: 'keepalive' } } : {}),
        traffic: { loop: 'ladder', kind: 'idle', steps },
      })),
    ],
  });
  const cell = (variant: string, i: number): CellRecord => ({
    variant, repetition: 1, status: 'ok', startedAt: '', endedAt: '', failure: null, phases: phases.map(phase), timeseries: {}, ladders: ladders.map(ladderRecord),
    http2: { settings: `${variant}: max streams 128, windows 65535`, tls: negotiatedOn(18443 + i, 'h2', 128), h2c: negotiatedOn(18500 + i, 'h2c', 100) },
  });
  return {
    schemaVersion: 1, runId: 'http2-fixture', status: 'complete', provenance: fixtureProvenance(), scenario,
    upstream: { version: '0', bodyBytes: 1024, latency: { distribution: 'none' } },
    variants: variants.map((name) => ({ name, language: 'C', role: 'proxy', status: 'available', version: '1', skipReason: null, fix: null })),
    cells: variants.map(cell),
  };
}

/** The http2.yaml shape: 1000/s three ways, h2load 8 × 10, idle ladders TLS h1 / h2 / h2c. */
export const http2Phases: Http2FixturePhase[] = [
  { name: 'tls-h1-1k', loop: 'open', tls: true, connections: 64, latencyUs: 400, tailUs: 1500, rps: 1000, proxyCpuSeconds: 1.6 },
  { name: 'h2-1k', loop: 'open', protocol: 'h2', connections: 8, streams: 10, latencyUs: 520, tailUs: 1900, rps: 999, proxyCpuSeconds: 1.2 },
  { name: 'h2c-1k', loop: 'open', protocol: 'h2c', connections: 8, streams: 10, latencyUs: 350, tailUs: 1200, rps: 1000, proxyCpuSeconds: 0.8 },
  { name: 'h2-max', loop: 'closed', protocol: 'h2', connections: 8, streams: 10, latencyUs: 1800, tailUs: 2000, rps: 21000, proxyCpuSeconds: 7.9 },
];

export const http2Ladders: Http2FixtureLadder[] = [
  { name: 'idle-tls', tls: true, bytesPerConn: 40_000 },
  { name: 'idle-h2', protocol: 'h2', bytesPerConn: 60_000 },
  { name: 'idle-h2c', protocol: 'h2c', bytesPerConn: 25_000 },
];
