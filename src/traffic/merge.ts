// Pure: several generator workers' results of one phase merged exactly into one (histograms bucket by bucket, counters summed).
import { createLatencyHistogram, decodeHistogram, encodeHistogram, type EncodedHistogram } from '../measure/histogram.js';
import type { IntervalHistogram, Http2TrafficStats, TlsConnectionStats, TrafficResult } from './types.js';

function sumRecords(records: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const r of records) for (const [key, n] of Object.entries(r)) total[key] = (total[key] ?? 0) + n;
  return total;
}

function mergeHistograms(encoded: readonly EncodedHistogram[]): EncodedHistogram {
  const total = createLatencyHistogram();
  for (const e of encoded) total.add(decodeHistogram(e));
  return encodeHistogram(total);
}

/**
 * Intervals merged by their index: every worker counts interval i from the same common start T0 (its own clock's
 * view of it), so interval i of one worker and interval i of another cover the same second, whatever their clocks say.
 */
export function mergeIntervals(perWorker: readonly (readonly IntervalHistogram[])[]): IntervalHistogram[] {
  const byStart = new Map<number, { endMs: number; parts: EncodedHistogram[] }>();
  for (const intervals of perWorker) {
    for (const interval of intervals) {
      const slot = byStart.get(interval.startMs) ?? { endMs: interval.endMs, parts: [] };
      slot.endMs = Math.max(slot.endMs, interval.endMs);
      slot.parts.push(interval.latencyUs);
      byStart.set(interval.startMs, slot);
    }
  }
  return [...byStart.entries()].sort(([a], [b]) => a - b).map(([startMs, s]) => ({ startMs, endMs: s.endMs, latencyUs: mergeHistograms(s.parts) }));
}

const optionalHistogram = (results: readonly TrafficResult[], pick: (r: TrafficResult) => EncodedHistogram | undefined): EncodedHistogram | undefined => {
  const present = results.map(pick).filter((h): h is EncodedHistogram => h !== undefined);
  return present.length > 0 ? mergeHistograms(present) : undefined;
};

const optionalSum = (results: readonly TrafficResult[], pick: (r: TrafficResult) => number | undefined): number | undefined => {
  const present = results.map(pick).filter((n): n is number => n !== undefined);
  return present.length > 0 ? present.reduce((a, b) => a + b, 0) : undefined;
};

/**
 * The phase as all workers drove it: counts and histograms are exact sums (the merged latency histogram is the one
 * histogram of every worker's samples); the busy fraction is the busiest worker's; each worker's own result is kept in
 * `workers`, so its validity can be judged on its own and its intervals written under its own tag.
 */
export function mergeTrafficResults(results: readonly TrafficResult[]): TrafficResult {
  if (results.length === 0) throw new Error('mergeTrafficResults needs at least one result');
  const workers = results.flatMap((r) => r.workers ?? [r]);
  const merged: TrafficResult = {
    kind: workers[0]!.kind,
    startedAtMs: Math.min(...workers.map((r) => r.startedAtMs)),
    endedAtMs: Math.max(...workers.map((r) => r.endedAtMs)),
    requests: workers.reduce((n, r) => n + r.requests, 0),
    non2xx: workers.reduce((n, r) => n + r.non2xx, 0),
    errors: sumRecords(workers.map((r) => r.errors)),
    statusCounts: sumRecords(workers.map((r) => r.statusCounts)),
    latencyUs: mergeHistograms(workers.map((r) => r.latencyUs)),
    intervals: mergeIntervals(workers.map((r) => r.intervals)),
    achievedRatePerSec: workers.reduce((n, r) => n + r.achievedRatePerSec, 0),
    bytesRead: workers.reduce((n, r) => n + r.bytesRead, 0),
    bytesWritten: workers.reduce((n, r) => n + r.bytesWritten, 0),
    workers,
  };
  const uncorrected = optionalHistogram(workers, (r) => r.uncorrectedLatencyUs);
  if (uncorrected !== undefined) merged.uncorrectedLatencyUs = uncorrected;
  const sendLag = optionalHistogram(workers, (r) => r.sendLagUs);
  if (sendLag !== undefined) merged.sendLagUs = sendLag;
  const schedulerLag = optionalHistogram(workers, (r) => r.schedulerLagUs);
  if (schedulerLag !== undefined) merged.schedulerLagUs = schedulerLag;
  const target = optionalSum(workers, (r) => r.targetRatePerSec);
  if (target !== undefined) merged.targetRatePerSec = target;
  const unsent = optionalSum(workers, (r) => r.unsent);
  if (unsent !== undefined) merged.unsent = unsent;
  const busy = workers.map((r) => r.generatorBusyFraction).filter((b): b is number => b !== undefined);
  if (busy.length > 0) merged.generatorBusyFraction = Math.max(...busy);
  const tls = mergeTls(workers.map((r) => r.tls));
  if (tls !== undefined) merged.tls = tls;
  const late = workers.map((r) => r.startLateMs).filter((b): b is number => b !== undefined);
  if (late.length > 0) merged.startLateMs = Math.max(...late);
  const http2 = mergeHttp2(workers.map((r) => r.http2));
  if (http2 !== undefined) merged.http2 = http2;
  const unavailable = workers.find((r) => r.unavailable !== undefined)?.unavailable;
  if (unavailable !== undefined) merged.unavailable = unavailable;
  return merged;
}

/** HTTP/2 phases: every worker's connections and stream events counted together. */
function mergeHttp2(parts: readonly (Http2TrafficStats | undefined)[]): Http2TrafficStats | undefined {
  const present = parts.filter((p): p is Http2TrafficStats => p !== undefined);
  if (present.length === 0) return undefined;
  const limits = present.map((p) => p.serverMaxStreams).filter((n): n is number => n !== null);
  return {
    ...present[0]!,
    negotiated: sumRecords(present.map((p) => p.negotiated)),
    serverMaxStreams: limits.length > 0 ? Math.min(...limits) : null,
    streamSlotWaits: present.reduce((n, p) => n + p.streamSlotWaits, 0),
    resets: sumRecords(present.map((p) => p.resets)),
    goaways: sumRecords(present.map((p) => p.goaways)),
  };
}

/** TLS phases: every worker's handshakes counted together (all workers ran the same mode and version). */
function mergeTls(parts: readonly (TlsConnectionStats | undefined)[]): TlsConnectionStats | undefined {
  const present = parts.filter((p): p is TlsConnectionStats => p !== undefined);
  if (present.length === 0) return undefined;
  const first = present[0]!;
  const merged: TlsConnectionStats = {
    ...first,
    handshakes: present.reduce((n, p) => n + p.handshakes, 0),
    resumed: present.reduce((n, p) => n + p.resumed, 0),
    unauthorized: present.reduce((n, p) => n + p.unauthorized, 0),
    protocols: sumRecords(present.map((p) => p.protocols)),
    ciphers: sumRecords(present.map((p) => p.ciphers)),
    ...(first.alpn ? { alpn: sumRecords(present.map((p) => p.alpn ?? {})) } : {}),
  };
  const handshakeUs = present.map((p) => p.handshakeUs).filter((h): h is EncodedHistogram => h !== undefined);
  if (handshakeUs.length > 0) merged.handshakeUs = mergeHistograms(handshakeUs);
  return merged;
}
