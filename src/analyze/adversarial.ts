// Pure readers of optional run-record data the adversarial issue will add (probe verdicts, latency under attack);
// each returns [] for a record without it. That issue wires its real fields here — report.html and compare follow.
import type { RunRecord } from '../record/run.js';
import { attackFigures } from './attacks.js';

/** One probe's verdict for one variant (REJECT, NORMALIZE, FORWARD-AMBIGUOUS, MISFRAME, DESYNC, HANG, CRASH…). */
export interface ProbeVerdictFigure {
  variant: string;
  probe: string;
  verdict: string;
  /** Whether the verdict passes the probe's tier (absent in older records). */
  pass?: boolean;
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The probe sweep's verdicts (cells[].probes, src/record/probe.ts); SKIPPED ones left out. Older fixtures put them at `probes`. */
export function probeVerdicts(record: RunRecord): ProbeVerdictFigure[] {
  const fromCells = record.cells.flatMap((c) => (c.probes ?? []).filter((p) => p.verdict !== 'SKIPPED').map((p) => ({ variant: c.variant, probe: p.probe, verdict: p.verdict, pass: p.pass === true })));
  if (fromCells.length > 0) return fromCells;
  const raw = (record as unknown as Record<string, unknown>).probes;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(isObject)
    .flatMap((p) => (typeof p.variant === 'string' && typeof p.probe === 'string' && typeof p.verdict === 'string' ? [{ variant: p.variant, probe: p.probe, verdict: p.verdict }] : []));
}

/** Attack phases (phase.attack, src/record/attack.ts) against their clean phase; older fixtures put them at `attackLatency`. */
export function attackLatency(record: RunRecord): AttackLatencyFigure[] {
  const pick = (l: { p99Us: number; p999Us: number } | null) => (l ? { p99Us: l.p99Us, p999Us: l.p999Us } : null);
  const fromCells = attackFigures(record.cells).flatMap((f): AttackLatencyFigure[] =>
    f.invalid.length > 0 ? [{ variant: f.variant, attack: f.attack.kind, clean: pick(f.clean), underAttack: pick(f.underAttack), invalid: f.invalid.join('; ') }]
    : f.clean && f.underAttack ? [{ variant: f.variant, attack: f.attack.kind, clean: pick(f.clean), underAttack: pick(f.underAttack) }] : [],
  );
  if (fromCells.length > 0) return fromCells;
  const raw = (record as unknown as Record<string, unknown>).attackLatency;
  if (!Array.isArray(raw)) return [];
  const pair = (v: unknown) => (isObject(v) && isNumber(v.p99Us) && isNumber(v.p999Us) ? { p99Us: v.p99Us, p999Us: v.p999Us } : null);
  return raw.filter(isObject).flatMap((a) => {
    const [clean, underAttack] = [pair(a.clean), pair(a.underAttack)];
    return typeof a.variant === 'string' && typeof a.attack === 'string' && clean && underAttack ? [{ variant: a.variant, attack: a.attack, clean, underAttack }] : [];
  });
}
