// Pure: generator workers' outputs (from Swarm tasks or Kubernetes pods) merged exactly into one run record's cell.
import { judgeValidity } from '../analyze/validity.js';
import type { CellRecord, PhaseRecord, Provenance, RunRecord } from '../record/run.js';
import { runRecordSchemaVersion } from '../record/run.js';
import type { Scenario } from '../scenario/schema.js';
import { ConfigError } from '../shared/errors.js';
import { mergeTrafficResults } from '../traffic/merge.js';
import type { WorkerOutput } from '../traffic/worker-output.js';

export interface WorkerOutputsInput {
  scenario: Scenario;
  /** The name the target gets in the reports (the variant the workers drove). */
  variant: string;
  outputs: readonly WorkerOutput[];
  provenance: Omit<Provenance, 'startedAt' | 'endedAt' | 'mergedFrom'>;
  sources: string[];
  runId: string;
}

/**
 * One cell whose phases are the exact merge of every worker's result for that phase. A phase is valid only when all
 * N workers reported it (each index once) and each one is valid on its own; the proxy's resources were not measured
 * here (they are null, and say so in the report).
 */
export function recordFromWorkerOutputs(input: WorkerOutputsInput): RunRecord {
  const { scenario, outputs } = input;
  const foreign = outputs.filter((o) => o.scenario !== scenario.name);
  if (foreign.length > 0) throw new ConfigError('the worker outputs are not all from this scenario', [...new Set(foreign.map((o) => `scenario "${o.scenario}" (expected "${scenario.name}")`))]);
  const phases: PhaseRecord[] = scenario.phases.flatMap((phase) => {
    if (phase.traffic.loop === 'ladder' || phase.traffic.loop === 'search') return []; // remote workers run neither (job-manifest.ts)
    const mine = outputs.filter((o) => o.phase === phase.name).sort((a, b) => a.share.index - b.share.index);
    if (mine.length === 0) return [];
    const count = mine[0]!.share.count;
    const reasons: string[] = [];
    for (let k = 0; k < count; k++) {
      const n = mine.filter((o) => o.share.index === k && o.share.count === count).length;
      if (n !== 1) reasons.push(`generator worker ${k + 1} of ${count}: ${n === 0 ? 'no result (the worker failed or its output was not collected)' : `${n} results (collected twice?)`}`);
    }
    const traffic = mergeTrafficResults(mine.map((o) => o.result));
    const connections = phase.traffic.connections;
    const validity = judgeValidity({ traffic, maxConnections: connections, generator: null, upstreamRequests: null, rules: scenario.validity });
    const all = [...reasons, ...validity.reasons];
    return [{
      name: phase.name, warmup: phase.warmup, trafficClass: 'benign', loop: phase.traffic.loop, connections,
      targetRatePerSec: phase.traffic.loop === 'open' ? phase.traffic.rate : null, durationMs: phase.duration,
      startMs: 0, endMs: traffic.endedAtMs - traffic.startedAtMs, traffic, upstream: null,
      resources: { proxy: null, upstream: null, generator: null }, validity: { valid: all.length === 0, reasons: all },
    }];
  });
  const starts = outputs.map((o) => o.result.startedAtMs);
  const ends = outputs.map((o) => o.result.endedAtMs);
  const startedAt = new Date(starts.length > 0 ? Math.min(...starts) : 0).toISOString();
  const endedAt = new Date(ends.length > 0 ? Math.max(...ends) : 0).toISOString();
  const cell: CellRecord = { variant: input.variant, repetition: 1, status: 'ok', startedAt, endedAt, failure: null, phases, timeseries: {} };
  return {
    schemaVersion: runRecordSchemaVersion,
    runId: input.runId,
    status: 'complete',
    provenance: { ...input.provenance, startedAt, endedAt, mergedFrom: { kind: 'worker-outputs', sources: input.sources } },
    scenario: { ...scenario, variants: [input.variant], repetitions: 1 },
    upstream: { version: 'unknown (not started by proxybench)', bodyBytes: scenario.upstream.responseBody, latency: scenario.upstream.latency },
    variants: [{ name: input.variant, language: 'unknown', role: 'proxy', status: 'available', version: null, skipReason: null, fix: null }],
    cells: [cell],
  };
}
