// Pure: per-repetition figures of a run, grouped by variant × phase × traffic class (valid phases only).
import { summaryRows } from '../analyze/rows.js';
import { tlsFigures } from '../analyze/tls-figures.js';
import type { RunRecord } from '../record/run.js';
import { formatBytes, formatUs } from '../shared/units.js';
import type { CheckKey, ThresholdName, Worse } from './types.js';

export interface MetricSpec {
  metric: string;
  label: string;
  unit: string;
  worse: Worse;
  threshold: ThresholdName;
  format: (value: number) => string;
}

/** The benign figures the gate compares, with the threshold that applies to each. */
export const benignMetrics: MetricSpec[] = [
  { metric: 'p99_us', label: 'p99', unit: 'µs', worse: 'higher', threshold: 'p99RegressionPct', format: formatUs },
  { metric: 'p999_us', label: 'p99.9', unit: 'µs', worse: 'higher', threshold: 'p999RegressionPct', format: formatUs },
  { metric: 'rps', label: 'rps', unit: 'responses/s', worse: 'lower', threshold: 'rpsDropPct', format: (v) => `${v.toFixed(0)} rps` },
  {
    metric: 'proxy_cpu_s_per_1k_req',
    label: 'proxy CPU per 1k requests',
    unit: 'CPU s per 1,000 responses',
    worse: 'higher',
    threshold: 'cpuPer1kRegressionPct',
    format: (v) => `${v.toFixed(4)} s/1k`,
  },
  {
    metric: 'proxy_cpu_us_per_handshake',
    label: 'proxy CPU per TLS handshake',
    unit: 'µs of proxy CPU per handshake',
    worse: 'higher',
    threshold: 'cpuPerHandshakeRegressionPct',
    format: (v) => `${v.toFixed(0)} µs/handshake`,
  },
];

/** Figures only some phases have (no proxy: direct; no handshake mode: plaintext and keepalive): absent on both sides, not judged. */
export const optionalMetrics = new Set(['proxy_cpu_s_per_1k_req', 'proxy_cpu_us_per_handshake']);

export const bytesPerConnMetric: MetricSpec = {
  metric: 'bytes_per_connection',
  label: 'memory per connection',
  unit: 'bytes',
  worse: 'higher',
  threshold: 'bytesPerConnRegressionPct',
  format: formatBytes,
};

export interface CellGroup {
  key: CheckKey;
  repetitions: number;
  /** metric → one value per valid repetition. */
  values: Record<string, number[]>;
  /** Why repetitions gave no result: invalid phases and failed cells. */
  problems: string[];
}

export const keyId = (k: CheckKey) => `${k.variant}\u0000${k.phase}\u0000${k.trafficClass}`;

function metricValue(metric: string, row: ReturnType<typeof summaryRows>[number]): number | null | undefined {
  switch (metric) {
    case 'p99_us': return row.latency?.p99Us;
    case 'p999_us': return row.latency?.p999Us;
    case 'rps': return row.phase?.traffic.achievedRatePerSec;
    case 'proxy_cpu_s_per_1k_req': return row.phase?.resources.proxy?.cpuSecondsPer1kRequests;
    case 'proxy_cpu_us_per_handshake': return tlsFigures(row)?.proxyCpuUsPerHandshake;
    default: return undefined;
  }
}

/** Groups a run's measured phases by variant × phase × traffic class, keeping only valid repetitions' values. */
export function cellGroups(record: RunRecord): Map<string, CellGroup> {
  const groups = new Map<string, CellGroup>();
  for (const row of summaryRows(record)) {
    const key = { variant: row.cell.variant, phase: row.phaseName, trafficClass: row.phase?.trafficClass ?? 'benign' };
    const group = groups.get(keyId(key)) ?? { key, repetitions: 0, values: {}, problems: [] };
    groups.set(keyId(key), group);
    group.repetitions += 1;
    if (!row.phase?.validity.valid) {
      const why = row.phase ? `invalid: ${row.phase.validity.reasons.join('; ')}` : `cell ${row.cell.status}: ${row.cell.failure?.message ?? 'phase did not run'}`;
      group.problems.push(`#${row.cell.repetition} ${why}`);
      continue;
    }
    for (const { metric } of benignMetrics) {
      const value = metricValue(metric, row);
      if (typeof value === 'number' && Number.isFinite(value)) (group.values[metric] ??= []).push(value);
    }
  }
  return groups;
}

/** Per variant: repetitions whose cell did not complete (crashed, did not start, failed). */
export function failedCells(record: RunRecord): Map<string, { failed: number; total: number; messages: string[] }> {
  const out = new Map<string, { failed: number; total: number; messages: string[] }>();
  for (const cell of record.cells) {
    if (cell.status === 'interrupted') continue;
    const entry = out.get(cell.variant) ?? { failed: 0, total: 0, messages: [] };
    out.set(cell.variant, entry);
    entry.total += 1;
    if (cell.status !== 'ok') {
      entry.failed += 1;
      entry.messages.push(`#${cell.repetition} ${cell.status}: ${cell.failure?.message ?? ''}`.trim());
    }
  }
  return out;
}
