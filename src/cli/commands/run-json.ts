// `run --json`: each phase of a cell with its validity, the reasons and its key figures (blank when invalid).
import type { CellRecord } from '../../record/run.js';
import { summarizeEncoded } from '../../measure/histogram.js';

export interface PhaseResult {
  phase: string;
  warmup: boolean;
  loop: 'closed' | 'open';
  valid: boolean;
  reasons: string[];
  /** The attempt reported (1, or more when earlier ones were invalid for the generator's own reason and run again). */
  attempt: number;
  /** Why earlier attempts were run again, one entry per attempt. */
  retriedBecause: string[][];
  /** Key figures of a valid phase; null when invalid (an invalid phase's numbers are not a result). */
  figures: { rps: number; p50Us: number; p99Us: number; p999Us: number; errorRatePct: number; requests: number } | null;
}

export function phaseResults(cell: CellRecord): PhaseResult[] {
  return cell.phases.map((p) => {
    const errors = Object.values(p.traffic.errors).reduce((a, b) => a + b, 0);
    const l = p.validity.valid ? summarizeEncoded(p.traffic.latencyUs) : null;
    return {
      phase: p.name, warmup: p.warmup, loop: p.loop, valid: p.validity.valid, reasons: p.validity.reasons,
      attempt: p.attempt ?? 1, retriedBecause: (p.retriedAttempts ?? []).map((a) => a.validity.reasons),
      figures: l === null ? null : {
        rps: Math.round(p.traffic.achievedRatePerSec * 10) / 10, p50Us: l.p50Us, p99Us: l.p99Us, p999Us: l.p999Us,
        errorRatePct: Math.round(((errors + p.traffic.non2xx) / Math.max(1, p.traffic.requests + errors)) * 1e5) / 1e3, requests: p.traffic.requests,
      },
    };
  });
}
