// Pure: the phases a run measured more than once because an attempt was invalid for the generator's own reason.
import type { RunRecord } from '../record/run.js';

export interface RetriedPhase {
  variant: string;
  repetition: number;
  phase: string;
  /** The attempt whose figures the run reports (the first valid one, or the last when none was). */
  attempt: number;
  valid: boolean;
  /** The earlier attempts and why each was run again. */
  earlier: { attempt: number; reasons: string[] }[];
}

export function retriedPhases(record: RunRecord): RetriedPhase[] {
  return record.cells.flatMap((c) =>
    c.phases.filter((p) => (p.retriedAttempts?.length ?? 0) > 0).map((p) => ({
      variant: c.variant,
      repetition: c.repetition,
      phase: p.name,
      attempt: p.attempt ?? 1,
      valid: p.validity.valid,
      earlier: p.retriedAttempts!.map((a) => ({ attempt: a.attempt ?? 1, reasons: a.validity.reasons })),
    })),
  );
}

/** One sentence per retried phase: which attempt is reported and why the earlier ones were run again. */
export function describeRetry(r: RetriedPhase): string {
  const used = r.valid ? `attempt ${r.attempt} is reported (valid)` : `still invalid after ${r.attempt} attempts (the last is shown)`;
  const earlier = r.earlier.map((e) => `attempt ${e.attempt}: ${e.reasons.join('; ')}`).join(' · ');
  return `${used}; run again because of the generator's own lateness — ${earlier}`;
}
