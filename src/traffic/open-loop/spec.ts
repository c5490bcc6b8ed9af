// Validation of an OpenLoopSpec (pure): every problem at once, with limits that keep each run finite.
import type { OpenLoopSpec } from '../types.js';

/** Upper bounds that keep every run finite. */
export const openLoopLimits = { maxRatePerSec: 1_000_000, maxDurationMs: 3_600_000, maxTimeoutMs: 120_000, maxConnections: 10_000 };

export function openLoopProblems(spec: OpenLoopSpec): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, text: string) => { if (!ok) problems.push(text); };
  const l = openLoopLimits;
  check(Number.isFinite(spec.ratePerSec) && spec.ratePerSec > 0 && spec.ratePerSec <= l.maxRatePerSec, `ratePerSec must be in (0, ${l.maxRatePerSec}]`);
  check(Number.isFinite(spec.durationMs) && spec.durationMs > 0 && spec.durationMs <= l.maxDurationMs, `durationMs must be in (0, ${l.maxDurationMs}]`);
  check(Number.isFinite(spec.timeoutMs) && spec.timeoutMs > 0 && spec.timeoutMs <= l.maxTimeoutMs, `timeoutMs must be in (0, ${l.maxTimeoutMs}]`);
  check(Number.isInteger(spec.maxConnections) && spec.maxConnections >= 1 && spec.maxConnections <= l.maxConnections, `maxConnections must be an integer in 1..${l.maxConnections}`);
  return problems;
}
