// Pure: a search step's figures — latency from the intended time over the intervals after its settle window, and its error rate.
import { mergeEncoded, summarizeLatency } from '../measure/histogram.js';
import type { TrafficResult } from '../traffic/types.js';
import type { SearchSloUs, StepFigures } from './rate-search.js';

/** Null when nothing completed after the settle window. */
export function stepFigures(traffic: TrafficResult, settleMs: number, saturated: boolean): StepFigures | null {
  const measured = traffic.intervals.filter((i) => i.startMs >= settleMs).map((i) => i.latencyUs);
  const latency = summarizeLatency(mergeEncoded(measured));
  if (latency.count === 0) return null;
  const errors = Object.values(traffic.errors).reduce((a, b) => a + b, 0);
  const errorRatePct = ((errors + traffic.non2xx) / Math.max(1, traffic.requests + errors)) * 100;
  return { p50Us: latency.p50Us, p99Us: latency.p99Us, p999Us: latency.p999Us, errorRatePct, saturated };
}

/** The scenario's SLO (ms durations) in µs. */
export function sloInUs(slo: { p50?: number; p99?: number; p999?: number; errorRatePct: number }): SearchSloUs {
  const us = (msValue: number | undefined) => (msValue === undefined ? undefined : Math.round(msValue * 1000));
  return { p50Us: us(slo.p50), p99Us: us(slo.p99), p999Us: us(slo.p999), errorRatePct: slo.errorRatePct };
}
