// Collects one traffic phase's measurements (histograms, per-second intervals, errors, statuses, bytes) into a TrafficResult.
import { createLatencyHistogram, encodeHistogram, type LatencyHistogram } from '../measure/histogram.js';
import type { IntervalHistogram, TrafficResult, TrafficSpec, WorkerShare } from './types.js';

/** Why a request got no response. */
/** 'connect-timeout': a connect abandoned after the open-loop engine's connect timeout (a dropped SYN), then retried. */
export type ErrorKind = 'timeout' | 'connect-timeout' | 'reset' | 'refused' | 'parse' | 'closed' | 'other';

/** Maps a socket error to an error kind by its errno code. */
export function classifySocketError(error: unknown): ErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'other';
}

export interface PhaseSummary {
  kind: TrafficSpec['kind'];
  startedAtMs: number;
  endedAtMs: number;
  /** The scheduled duration, the denominator of achievedRatePerSec. */
  durationMs: number;
  targetRatePerSec?: number;
  unsent?: number;
  queuePeakRequests?: number;
  generatorBusyFraction?: number;
  share?: WorkerShare;
  startLateMs?: number;
}

const intervalNs = 1e9;
/** Intervals past this (a run over ~27 h) all land in the last one. */
const maxIntervals = 100_000;

export class TrafficRecorder {
  private readonly uncorrected: LatencyHistogram | undefined;
  private readonly sendLag: LatencyHistogram | undefined;
  private readonly schedulerLag: LatencyHistogram | undefined;
  private readonly intervals: LatencyHistogram[] = [];
  private readonly statusCounts = new Map<number, number>();
  private readonly errors: Record<string, number> = {};
  private requests = 0;
  private non2xx = 0;
  private bytesRead = 0;
  private bytesWritten = 0;
  private lastCompleteNs = 0;

  /** `openLoop` adds the uncorrected and send-lag histograms. */
  constructor(openLoop: boolean) {
    this.uncorrected = openLoop ? createLatencyHistogram() : undefined;
    this.sendLag = openLoop ? createLatencyHistogram() : undefined;
    this.schedulerLag = openLoop ? createLatencyHistogram() : undefined;
  }

  /** One response; `completeNs` is relative to the phase start and picks the per-second interval. */
  recordResponse(statusCode: number, latencyUs: number, completeNs: number, uncorrectedUs?: number): void {
    this.requests += 1;
    if (statusCode < 200 || statusCode > 299) this.non2xx += 1;
    this.statusCounts.set(statusCode, (this.statusCounts.get(statusCode) ?? 0) + 1);
    if (uncorrectedUs !== undefined) this.uncorrected?.recordValue(Math.max(0, Math.round(uncorrectedUs)));
    // Recorded once, in its interval; the whole-phase histogram is the exact sum of the intervals (see result()).
    const slot = Math.min(maxIntervals - 1, Math.max(0, Math.floor(completeNs / intervalNs)));
    while (this.intervals.length <= slot) this.intervals.push(createLatencyHistogram());
    this.intervals[slot]!.recordValue(Math.max(0, Math.round(latencyUs)));
    this.lastCompleteNs = Math.max(this.lastCompleteNs, completeNs);
  }

  recordSendLag(lagUs: number): void {
    this.sendLag?.recordValue(Math.max(0, Math.round(lagUs)));
  }

  /** How late the scheduler noticed a request was due (timer and event-loop delay; no connection wait). */
  recordSchedulerLag(lagUs: number): void {
    this.schedulerLag?.recordValue(Math.max(0, Math.round(lagUs)));
  }

  recordError(kind: ErrorKind, count = 1): void {
    if (count > 0) this.errors[kind] = (this.errors[kind] ?? 0) + count;
  }

  addBytesRead(bytes: number): void {
    this.bytesRead += bytes;
  }

  addBytesWritten(bytes: number): void {
    this.bytesWritten += bytes;
  }

  get completed(): number {
    return this.requests;
  }

  result(phase: PhaseSummary): TrafficResult {
    const phaseEndMs = Math.max(phase.endedAtMs - phase.startedAtMs, this.lastCompleteNs / 1e6);
    const intervals: IntervalHistogram[] = this.intervals.map((h, i) => ({
      startMs: i * 1000,
      endMs: Math.max(i * 1000, Math.min((i + 1) * 1000, Math.ceil(phaseEndMs))),
      latencyUs: encodeHistogram(h),
    }));
    const latency = createLatencyHistogram();
    for (const h of this.intervals) latency.add(h);
    const result: TrafficResult = {
      kind: phase.kind,
      startedAtMs: phase.startedAtMs,
      endedAtMs: phase.endedAtMs,
      requests: this.requests,
      non2xx: this.non2xx,
      errors: { ...this.errors },
      statusCounts: Object.fromEntries([...this.statusCounts].map(([code, n]) => [String(code), n])),
      latencyUs: encodeHistogram(latency),
      intervals,
      achievedRatePerSec: phase.durationMs > 0 ? this.requests / (phase.durationMs / 1000) : 0,
      bytesRead: this.bytesRead,
      bytesWritten: this.bytesWritten,
    };
    if (this.uncorrected) result.uncorrectedLatencyUs = encodeHistogram(this.uncorrected);
    if (this.sendLag) result.sendLagUs = encodeHistogram(this.sendLag);
    if (this.schedulerLag) result.schedulerLagUs = encodeHistogram(this.schedulerLag);
    if (phase.targetRatePerSec !== undefined) result.targetRatePerSec = phase.targetRatePerSec;
    if (phase.unsent !== undefined) result.unsent = phase.unsent;
    if (phase.queuePeakRequests !== undefined) result.queuePeakRequests = phase.queuePeakRequests;
    if (phase.generatorBusyFraction !== undefined) result.generatorBusyFraction = phase.generatorBusyFraction;
    if (phase.share !== undefined) result.share = phase.share;
    if (phase.startLateMs !== undefined) result.startLateMs = phase.startLateMs;
    return result;
  }
}
