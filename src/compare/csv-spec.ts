// compare.csv: one row per release-gate check (documented in docs/csv.md from this spec).
import type { CsvSpec } from '../report/csv/columns.js';
import type { CheckResult, CompareResult } from './types.js';

export interface CompareRow {
  result: CompareResult;
  check: CheckResult;
}

/** Always a JSON array, so a spreadsheet never reads one repetition as a number and three as text. */
const jsonValues = (label: string | undefined, values: readonly number[]) => JSON.stringify(label !== undefined ? [label] : values);

const num = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits);

export const compareSpec: CsvSpec<CompareRow> = {
  file: 'compare.csv',
  /** 2: `baseline_values` / `candidate_values` are JSON arrays (were `;`-separated, which spreadsheets read as a number for one value). */
  schemaVersion: 2,
  description:
    'Written by `proxybench compare` into `compare-<baseline run id>/` (or `--out`): one row per check of the release gate. ' +
    'Figure columns are in the unit named by `unit` (µs for latency, responses/s, CPU seconds per 1,000 responses, bytes); ' +
    'they are medians over the valid repetitions.',
  columns: [
    { name: 'baseline_run_id', type: 'string', description: 'Run id of the baseline run.', value: (r) => r.result.baseline.runId },
    { name: 'candidate_run_id', type: 'string', description: 'Run id of the candidate run.', value: (r) => r.result.candidate.runId },
    { name: 'variant', type: 'string', description: 'Variant the check compares.', value: (r) => r.check.variant },
    { name: 'phase', type: 'string', description: 'Measured phase (`*` for the whole variant; the ladder phase for memory checks; the probe name for probe checks).', value: (r) => r.check.phase },
    { name: 'traffic_class', type: 'string', description: '`benign`, `connection-ladder`, `probe` or `*`.', value: (r) => r.check.trafficClass },
    { name: 'metric', type: 'string', description: '`p99_us`, `p999_us`, `rps`, `proxy_cpu_s_per_1k_req`, `bytes_per_connection`, `probe_verdict` or `cells_failed`.', value: (r) => r.check.metric },
    { name: 'unit', type: 'string', description: 'Unit of the baseline/candidate figures: `µs`, `responses/s`, `CPU s per 1,000 responses`, `bytes`, `verdict` (severity rank) or `cells`.', value: (r) => r.check.unit },
    { name: 'verdict', type: 'string', description: '`pass`, `fail` or `inconclusive`.', value: (r) => r.check.verdict },
    { name: 'worse_when', type: 'string', description: '`higher` or `lower`: which way the figure gets worse.', value: (r) => r.check.worse },
    { name: 'baseline_median', type: 'number', description: 'Baseline median over valid repetitions, in `unit`.', value: (r) => num(r.check.baselineMedian, 6) },
    { name: 'candidate_median', type: 'number', description: 'Candidate median over valid repetitions, in `unit`.', value: (r) => num(r.check.candidateMedian, 6) },
    { name: 'change_pct', type: 'number', description: '(candidate − baseline) / baseline × 100, percent; empty when the baseline is 0 or there is nothing to compare.', value: (r) => num(r.check.changePct, 3) },
    { name: 'threshold_pct', type: 'number', description: 'Allowed change in the worse direction, percent.', value: (r) => r.check.thresholdPct },
    { name: 'p_value', type: 'number', description: 'One-sided Mann-Whitney U p-value that the candidate is worse than the baseline moved by the threshold.', value: (r) => num(r.check.pValue, 5) },
    { name: 'baseline_n', type: 'integer', description: 'Valid baseline repetitions compared.', value: (r) => r.check.baselineValues.length },
    { name: 'candidate_n', type: 'integer', description: 'Valid candidate repetitions compared.', value: (r) => r.check.candidateValues.length },
    { name: 'baseline_values', type: 'string', description: 'Per-repetition baseline values as a JSON array, in `unit`, e.g. `[1000,1010,1005]` (probe checks: the verdict, `["REJECT"]`); always text, `json.loads` / `JSON.parse` reads it.', value: (r) => jsonValues(r.check.baselineLabel, r.check.baselineValues) },
    { name: 'candidate_values', type: 'string', description: 'Per-repetition candidate values as a JSON array, in `unit` (probe checks: the verdict); like `baseline_values`.', value: (r) => jsonValues(r.check.candidateLabel, r.check.candidateValues) },
    { name: 'message', type: 'string', description: 'Why this verdict, with the figures.', value: (r) => r.check.message },
  ],
};

export function compareRows(result: CompareResult): CompareRow[] {
  return result.checks.map((check) => ({ result, check }));
}
