// Pure: per phase and variant, the median and spread of each figure over the valid repetitions.
import type { SummaryRow } from './rows.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export interface VariantPhaseAggregate {
  variant: string;
  phase: string;
  /** Repetitions that produced a valid result / that were attempted. */
  validRepetitions: number;
  repetitions: number;
  /** Why repetitions were not valid (deduplicated). */
  problems: string[];
  figures: Partial<Record<AggregateFigure, Spread>>;
}

export const aggregateFigures = {
  rps: (r: SummaryRow) => r.phase?.traffic.achievedRatePerSec,
  p50Us: (r: SummaryRow) => r.latency?.p50Us,
  p90Us: (r: SummaryRow) => r.latency?.p90Us,
  p99Us: (r: SummaryRow) => r.latency?.p99Us,
  p999Us: (r: SummaryRow) => r.latency?.p999Us,
  p9999Us: (r: SummaryRow) => r.latency?.p9999Us,
  maxUs: (r: SummaryRow) => r.latency?.maxUs,
  errorRatePct: (r: SummaryRow) => {
    const t = r.phase?.traffic;
    if (!t) return undefined;
    const errors = Object.values(t.errors).reduce((a, b) => a + b, 0);
    return ((errors + t.non2xx) / Math.max(1, t.requests + errors)) * 100;
  },
  proxyCpuCores: (r: SummaryRow) => r.phase?.resources.proxy?.cpuCores,
  proxyCpuSPer1k: (r: SummaryRow) => r.phase?.resources.proxy?.cpuSecondsPer1kRequests ?? undefined,
  proxyRssPeakBytes: (r: SummaryRow) => r.phase?.resources.proxy?.rssPeakBytes,
} as const;

export type AggregateFigure = keyof typeof aggregateFigures;

export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export function aggregateRows(rows: readonly SummaryRow[]): VariantPhaseAggregate[] {
  const groups = new Map<string, SummaryRow[]>();
  for (const row of rows) {
    const key = `${row.phaseName}\u0000${row.cell.variant}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const valid = group.filter((r) => r.phase?.validity.valid);
    const figures: VariantPhaseAggregate['figures'] = {};
    for (const [name, get] of Object.entries(aggregateFigures) as [AggregateFigure, (r: SummaryRow) => number | undefined][]) {
      const s = spread(valid.map(get).filter((v): v is number => v !== undefined && v !== null));
      if (s) figures[name] = s;
    }
    const problems = group
      .filter((r) => !r.phase?.validity.valid)
      .flatMap((r) => (r.phase ? r.phase.validity.reasons : [r.cell.failure?.message ?? `cell ${r.cell.status}`]));
    return {
      variant: group[0]!.cell.variant,
      phase: group[0]!.phaseName,
      validRepetitions: valid.length,
      repetitions: group.length,
      problems: [...new Set(problems)],
      figures,
    };
  });
}
