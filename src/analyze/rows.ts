// Pure: the cell × phase view of a run record (one row per variant × repetition × phase) and its per-second rows: what summary.csv, timeseries.csv, report.md, report.html and the gate all read.
import type { CellRecord, PhaseRecord, RunRecord } from '../record/run.js';
import type { ResourcePoint } from '../measure/resources/sampler.js';
import { summarizeEncoded, type LatencySummaryUs } from '../measure/histogram.js';

export interface SummaryRow {
  record: RunRecord;
  cell: CellRecord;
  /** The phase's configuration from the scenario (always present). */
  phaseName: string;
  /** undefined when the cell ended before this phase ran. */
  phase: PhaseRecord | undefined;
  /** Percentiles of a valid phase (undefined otherwise: an invalid phase is never reported as a result). */
  latency: LatencySummaryUs | undefined;
  uncorrected: LatencySummaryUs | undefined;
}

/** One row per cell × measured phase; phases a failed cell never reached still get a row saying why. */
export function summaryRows(record: RunRecord): SummaryRow[] {
  // ladders: connections.csv; rate searches: capacity.csv (their steps are not phases of the scenario)
  const measured = record.scenario.phases.filter((p) => !p.warmup && p.traffic.loop !== 'ladder' && p.traffic.loop !== 'search').map((p) => p.name);
  return record.cells.flatMap((cell) =>
    measured.map((phaseName) => {
      const phase = cell.phases.find((p) => p.name === phaseName);
      const valid = phase?.validity.valid === true;
      const summarize = (encoded: string | undefined) => (valid && encoded ? summarizeEncoded(encoded) : undefined);
      return {
        record,
        cell,
        phaseName,
        phase,
        latency: summarize(phase?.traffic.latencyUs),
        uncorrected: summarize(phase?.traffic.uncorrectedLatencyUs),
      };
    }),
  );
}

export interface TimeseriesRow {
  record: RunRecord;
  cell: CellRecord;
  role: string;
  point: ResourcePoint;
  /** CPU cores used since the previous point (null for the first point). */
  cpuCores: number | null;
  phase: string | null;
}

export function timeseriesRows(record: RunRecord): TimeseriesRow[] {
  return record.cells.flatMap((cell) =>
    Object.entries(cell.timeseries).flatMap(([role, points]) =>
      points.map((point, i) => {
        const prev = i > 0 ? points[i - 1]! : undefined;
        const dtS = prev ? (point.tMs - prev.tMs) / 1000 : 0;
        return {
          record,
          cell,
          role,
          point,
          // a drop of the cumulative CPU means a new process (a restarted proxy): no rate across it
          cpuCores: prev && dtS > 0 && point.cpuSeconds >= prev.cpuSeconds ? Math.round(((point.cpuSeconds - prev.cpuSeconds) / dtS) * 1000) / 1000 : null,
          phase: cell.phases.find((p) => point.tMs >= p.startMs && point.tMs <= p.endMs)?.name ?? null,
        };
      }),
    ),
  );
}
