// The CSV contract: pinned headers, and docs/csv.md generated from the same specs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderCsvDocs } from './csv-docs.js';
import { summarySpec } from '../report/csv/summary-spec.js';
import { timeseriesSpec } from '../report/csv/timeseries-spec.js';

test('docs/csv.md matches the column specs (run `npm run docs` after changing a spec)', () => {
  const committed = readFileSync(fileURLToPath(new URL('../../../docs/csv.md', import.meta.url)), 'utf8');
  assert.equal(committed, renderCsvDocs());
});

test('summary.csv header is pinned: columns are only ever appended', () => {
  assert.deepEqual(summarySpec.columns.map((c) => c.name).slice(0, 41), [
    'run_id', 'scenario', 'variant', 'variant_version', 'repetition', 'phase', 'traffic_class', 'loop', 'connections',
    'target_rps', 'duration_s', 'cell_status', 'valid', 'invalid_reason', 'requests', 'errors', 'non_2xx', 'error_rate_pct',
    'rps', 'p50_us', 'p90_us', 'p99_us', 'p999_us', 'p9999_us', 'max_us', 'mean_us', 'uncorrected_p50_us',
    'uncorrected_p99_us', 'uncorrected_p999_us', 'proxy_cpu_cores', 'proxy_cpu_s_per_1k_req', 'proxy_rss_peak_bytes',
    'proxy_rss_steady_bytes', 'proxy_threads', 'upstream_cpu_cores', 'upstream_requests', 'upstream_connections_opened',
    'generator_cpu_cores', 'generator_busy_pct', 'send_lag_p99_us', 'scheduler_lag_p99_us',
  ]);
});

test('timeseries.csv header is pinned', () => {
  assert.deepEqual(timeseriesSpec.columns.map((c) => c.name).slice(0, 11), [
    'run_id', 'variant', 'repetition', 'role', 't_ms', 'phase', 'cpu_cores', 'cpu_s_total', 'rss_bytes', 'processes', 'threads',
  ]);
});
