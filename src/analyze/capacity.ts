// Pure: the capacity figures of a run — per variant × repetition × rate search: the rate at SLO, what it cost and what bounded it.
import type { CellRecord, RunRecord } from '../record/run.js';
import type { SearchRecord, SearchStepRecord } from '../record/search.js';
import { expandCpuList } from '../scenario/fields.js';
import { memoryPerConnectionSeries } from './memory-series.js';

export interface CapacityRow {
  record: RunRecord;
  cell: CellRecord;
  search: SearchRecord;
  /** Plaintext HTTP/1.1 (TLS and HTTP/2 add their own rows when they exist). */
  protocol: 'http1';
  /** The step at the rate at SLO (null when the SLO never held). */
  atSlo: SearchStepRecord | null;
  /** CPUs the proxy was pinned to (the scenario's cpus.proxy). */
  proxyCpus: number;
  /** Bytes per idle connection from this cell's idle connection ladder, when the run has one (null otherwise). */
  bytesPerIdleConn: number | null;
}

/** The rate at SLO is a lower bound, not the proxy's figure, when the generator, the ceiling or the step budget stopped the search. */
export function isLowerBound(search: SearchRecord): boolean {
  return search.result.status === 'generator-bound' || search.result.status === 'ceiling' || search.result.status === 'steps-exhausted';
}

export function capacityRows(record: RunRecord): CapacityRow[] {
  const memory = memoryPerConnectionSeries(record);
  const proxyCpus = expandCpuList(record.scenario.cpus.proxy).length;
  return record.cells.flatMap((cell) =>
    (cell.searches ?? []).map((search) => {
      const rate = search.result.rateAtSloPerSec;
      const atSlo = rate === null ? null : (search.steps.find((s) => s.ratePerSec === rate && s.outcome === 'within') ?? null);
      const idle = memory.find((m) => m.variant === cell.variant && m.repetition === cell.repetition && m.kind === 'idle' && m.fit);
      return { record, cell, search, protocol: 'http1' as const, atSlo, proxyCpus, bytesPerIdleConn: idle?.fit?.bytesPerConn ?? null };
    }),
  );
}
