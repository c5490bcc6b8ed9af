// Pure readers of the adversarial figures of a run record (probe verdicts, latency under attack); [] for a record without them.
import type { RunRecord } from '../record/run.js';
import { attackFigures } from './attacks.js';

/** One probe's verdict for one variant (REJECT, NORMALIZE, FORWARD-AMBIGUOUS, MISFRAME, DESYNC, HANG, CRASH…). */
export interface ProbeVerdictFigure {
  variant: string;
  probe: string;
  verdict: string;
  /** Whether the verdict passes the probe's tier. */
  pass: boolean;
}

/** Benign latency of one variant without and with an attack running beside it, µs. */
export interface AttackLatencyFigure {
  variant: string;
  attack: string;
  clean: { p99Us: number; p999Us: number } | null;
  underAttack: { p99Us: number; p999Us: number } | null;
  /** Why a side has no figures (its phase is invalid or did not run); absent when both are results. */
  invalid?: string;
}

/** Severity of a probe verdict (higher is worse); REJECT and NORMALIZE are both safe (reference/adversarial.md). */
export const probeVerdictSeverity: Record<string, number> = {
  REJECT: 0,
  NORMALIZE: 0,
  'REJECT-NOCLOSE': 1,
  'FORWARD-AMBIGUOUS': 2,
  HANG: 3,
  MISFRAME: 4,
  DESYNC: 5,
  CRASH: 6,
};

/** The probe sweep's verdicts (cells[].probes, src/record/probe.ts); SKIPPED ones left out. */
export function probeVerdicts(record: RunRecord): ProbeVerdictFigure[] {
  return record.cells.flatMap((c) => (c.probes ?? []).filter((p) => p.verdict !== 'SKIPPED').map((p) => ({ variant: c.variant, probe: p.probe, verdict: p.verdict, pass: p.pass === true })));
}

/** Attack phases (phase.attack, src/record/attack.ts) against their clean phase. */
export function attackLatency(record: RunRecord): AttackLatencyFigure[] {
  const pick = (l: { p99Us: number; p999Us: number } | null) => (l ? { p99Us: l.p99Us, p999Us: l.p999Us } : null);
  return attackFigures(record.cells).flatMap((f): AttackLatencyFigure[] =>
    f.invalid.length > 0 ? [{ variant: f.variant, attack: f.attack.kind, clean: pick(f.clean), underAttack: pick(f.underAttack), invalid: f.invalid.join('; ') }]
    : f.clean && f.underAttack ? [{ variant: f.variant, attack: f.attack.kind, clean: pick(f.clean), underAttack: pick(f.underAttack) }] : [],
  );
}
