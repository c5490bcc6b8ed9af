// Test support: a run record with a clean phase and one HTTP/2 attack phase (nginx), its counts and forwarded requests given.
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import { cellsFor, fixtureRecord } from './record-fixture.js';
import type { PhaseRecord } from '../record/run.js';
import type { H2AttackKind } from '../scenario/adversarial-schema.js';
import type { H2AttackerResult } from '../traffic/attacks/protocol.js';

const second = (startMs: number, latencyUs: number) => {
  const h = createLatencyHistogram();
  h.recordValueWithCount(latencyUs, 100);
  return { startMs, endMs: startMs + 1000, latencyUs: encodeHistogram(h) };
};

export const h2Counts = (over: Partial<H2AttackerResult>): H2AttackerResult => ({
  framesSent: 2000, framesAccepted: 2000, streamsOpened: 1000, streamsResetByClient: 1000, streamsResetByProxy: 0, proxyResetCodes: {}, goaways: 0, goawayCodes: {},
  firstGoawayMs: null, medianGoawayMs: null, firstGoawayCode: null, responses: 0, maxConcurrentStreams: 128, firstError: null, connectingAtEnd: 0, ...over,
});

/**
 * nginx: a clean phase (1 ms p99) and one h2 attack phase whose benign p99 is `attackUs`, the upstream having received
 * `forwarded` attack requests; the proxy held `rssAtAttackStartBytes` when the attack phase started (its peak there: 8 MB).
 */
export function h2Record(kind: H2AttackKind, h2: H2AttackerResult, forwarded: number | null, attackUs = 1000, rssAtAttackStartBytes = 8e6) {
  const record = fixtureRecord('run-h2', cellsFor('nginx', [1000]));
  const cell = record.cells[0]!;
  const clean = cell.phases[0]!;
  const attack: PhaseRecord = {
    ...structuredClone(clean), name: kind, startMs: clean.endMs, endMs: clean.endMs + 3000,
    traffic: { ...structuredClone(clean.traffic), intervals: [second(0, attackUs), second(1000, attackUs), second(2000, 1000)] },
    attack: {
      kind, clean: clean.name, params: { connections: 4, ratePerSec: 1000, intervalMs: 500, depth: 100, durationMs: 2000, h2: 'tls', frames: 200000 },
      window: { startMs: 0, endMs: 2000 }, proxyConnectionsPeak: 4, proxyFdsPeak: 20, error: null, upstreamAttackRequests: forwarded,
      attacker: { kind, durationMs: 2000, connectionsOpened: 4, connectionsFailed: 0, maxOpen: 4, closedByProxy: 0, firstCutMs: null, medianCutMs: null, statuses: {}, requestsSent: h2.streamsOpened, bytesSent: 1, bytesReceived: 0, h2 },
    },
  };
  cell.phases.push(attack);
  // The proxy's series: what it held when the attack phase started (its RSS peak in the phase is the clean one's, 8 MB).
  const point = (tMs: number, rssBytes: number) => ({ tMs, cpuSeconds: tMs / 2000, rssBytes, processes: 1, threads: 1 });
  cell.timeseries = { proxy: [point(0, 7e6), point(clean.endMs, rssAtAttackStartBytes), point(attack.endMs, 8e6)] };
  return record;
}
