// Pure: whole runs of one scenario merged into one run record, their cells as more repetitions (nothing re-measured).
import { ConfigError } from '../shared/errors.js';
import type { CellRecord, RunRecord } from './run.js';


export interface MergeSource {
  /** Where the record came from (a run folder), for messages. */
  label: string;
  record: RunRecord;
}

/** Every reason the runs cannot be merged: they must come from the same scenario (same phases), and be finished. */
export function mergeProblems(sources: readonly MergeSource[]): string[] {
  const problems: string[] = [];
  if (sources.length < 2) problems.push('merge needs at least two runs');
  const first = sources[0];
  for (const s of sources.slice(1)) {
    if (!first) break;
    if (s.record.scenario.name !== first.record.scenario.name) problems.push(`${s.label}: scenario "${s.record.scenario.name}", but ${first.label} ran "${first.record.scenario.name}"`);
    else if (JSON.stringify(s.record.scenario.phases) !== JSON.stringify(first.record.scenario.phases)) problems.push(`${s.label}: its phases differ from ${first.label}'s (same scenario name, different file?)`);
  }
  for (const s of sources) if (s.record.status === 'running') problems.push(`${s.label}: the run is still in progress (status running)`);
  return problems;
}

/**
 * The runs repeated one scenario (another day, another machine): their cells become repetitions 1…N of each variant,
 * in the order given, with their histograms and series as recorded; the gate then reads them like `--repeat N`.
 */
export function mergeRuns(sources: readonly MergeSource[], runId: string): RunRecord {
  const problems = mergeProblems(sources);
  if (problems.length > 0) throw new ConfigError('these runs cannot be merged', problems, { hint: 'merge finished runs of one scenario file' });
  const records = sources.map((s) => s.record);
  const first = records[0]!;
  const startedAt = records.map((r) => r.provenance.startedAt).sort()[0]!;
  const ends = records.map((r) => r.provenance.endedAt);
  const endedAt = ends.includes(null) ? null : (ends as string[]).sort().at(-1)!;
  const variants = [...new Map(records.flatMap((r) => r.variants).map((v) => [v.name, v])).values()];
  const status = records.some((r) => r.status === 'failed') ? 'failed' : records.some((r) => r.status === 'interrupted') ? 'interrupted' : 'complete';
  return {
    ...first,
    runId,
    status,
    provenance: { ...first.provenance, startedAt, endedAt, mergedFrom: { kind: 'runs', sources: records.map((r) => r.runId) } },
    scenario: { ...first.scenario, repetitions: Math.max(...[...countBy(asRepetitions(records))].map(([, n]) => n)) },
    variants,
    cells: asRepetitions(records),
  };
}

function asRepetitions(records: readonly RunRecord[]): CellRecord[] {
  const next = new Map<string, number>();
  return records.flatMap((r) => r.cells).map((cell) => {
    const repetition = (next.get(cell.variant) ?? 0) + 1;
    next.set(cell.variant, repetition);
    return { ...cell, repetition };
  });
}

function countBy(cells: readonly CellRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c.variant, (counts.get(c.variant) ?? 0) + 1);
  return counts;
}
