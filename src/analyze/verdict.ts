// Pure: the first answer of a run, per proxy: its tail cost over direct, CPU per 1k requests, bytes per connection, probe failures.
import type { RunRecord } from '../record/run.js';
import { probeVerdicts } from './adversarial.js';
import { aggregateRows, type VariantPhaseAggregate } from './aggregate.js';
import { aggregateMemory, memoryPerConnectionSeries } from './memory-series.js';
import { summaryRows } from './rows.js';

export interface PhaseVerdict {
  phase: string;
  /** The variant's median minus direct's, µs; null when either side has no valid result. */
  deltaP99Us: number | null;
  deltaP999Us: number | null;
  /** Why the variant has no figure in this phase (every repetition invalid or not run); null when it has one. */
  problem: string | null;
}

export interface VariantVerdict {
  variant: string;
  phases: PhaseVerdict[];
  /** Median proxy CPU seconds per 1,000 requests in `cpuPhase`. */
  cpuSPer1k: number | null;
  /** Median bytes per connection over the repetitions of `ladder`; null when not measured (see `memoryProblem`). */
  bytesPerConn: number | null;
  memoryProblem: string | null;
  /** Probes whose verdict fails their tier, of those judged; null when the run had no probe sweep for it. */
  probes: { failed: number; judged: number } | null;
  /** Cells of this variant that crashed, failed or did not start. */
  cellsNotOk: number;
}

export interface RunVerdict {
  /** Measured latency phases, in scenario order. */
  phases: string[];
  /** The phase CPU per 1k requests is taken from: the first open-loop phase (a fixed rate), else the first measured. */
  cpuPhase: string | null;
  /** The ladder bytes per connection come from: the first idle one, else the first. */
  ladder: string | null;
  hasDirect: boolean;
  variants: VariantVerdict[];
}

export function runVerdict(record: RunRecord): RunVerdict {
  const measured = record.scenario.phases.filter((p) => !p.warmup && (p.traffic.loop === 'closed' || p.traffic.loop === 'open'));
  const phases = measured.map((p) => p.name);
  const cpuPhase = (measured.find((p) => p.traffic.loop === 'open') ?? measured[0])?.name ?? null;
  const ladders = record.scenario.phases.filter((p) => p.traffic.loop === 'ladder');
  const ladder = (ladders.find((p) => p.traffic.loop === 'ladder' && p.traffic.kind === 'idle') ?? ladders[0])?.name ?? null;
  const aggregates = aggregateRows(summaryRows(record));
  const find = (variant: string, phase: string) => aggregates.find((a) => a.variant === variant && a.phase === phase);
  const memory = aggregateMemory(memoryPerConnectionSeries(record));
  const verdicts = probeVerdicts(record);
  const ran = record.variants.filter((v) => v.status === 'available' && v.role !== 'direct').map((v) => v.name);
  return {
    phases,
    cpuPhase,
    ladder,
    hasDirect: record.variants.some((v) => v.name === 'direct' && v.status === 'available'),
    variants: ran.map((variant) => {
      const m = ladder ? memory.find((a) => a.variant === variant && a.ladder === ladder) : undefined;
      const mine = [...new Map(verdicts.filter((v) => v.variant === variant).map((v) => [v.probe, v])).values()];
      const judged = mine.filter((v) => v.pass !== undefined);
      return {
        variant,
        phases: phases.map((phase) => phaseVerdict(find(variant, phase), find('direct', phase), phase)),
        cpuSPer1k: cpuPhase ? (find(variant, cpuPhase)?.figures.proxyCpuSPer1k?.median ?? null) : null,
        bytesPerConn: m?.bytesPerConn?.median ?? null,
        memoryProblem: m && !m.bytesPerConn ? (m.unmeasured[0] ?? m.notes[0] ?? 'no fit') : ladder && !m ? 'ladder not run' : null,
        probes: judged.length > 0 ? { failed: judged.filter((v) => v.pass === false).length, judged: judged.length } : null,
        cellsNotOk: record.cells.filter((c) => c.variant === variant && c.status !== 'ok').length,
      };
    }),
  };
}

function phaseVerdict(mine: VariantPhaseAggregate | undefined, direct: VariantPhaseAggregate | undefined, phase: string): PhaseVerdict {
  if (!mine || mine.validRepetitions === 0) return { phase, deltaP99Us: null, deltaP999Us: null, problem: mine?.problems.join('; ') || 'not run' };
  const delta = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : a - b);
  return {
    phase,
    deltaP99Us: delta(mine.figures.p99Us?.median, direct?.figures.p99Us?.median),
    deltaP999Us: delta(mine.figures.p999Us?.median, direct?.figures.p999Us?.median),
    problem: null,
  };
}
