// timeseries.csv: one row per resource sample of each process tree (proxy, upstream, generator).
import type { CsvSpec } from './columns.js';
import type { TimeseriesRow } from '../../analyze/rows.js';

export const timeseriesSpec: CsvSpec<TimeseriesRow> = {
  file: 'timeseries.csv',
  schemaVersion: 1,
  description:
    'One row per sample (every `sampleInterval`, 100 ms by default) of each process tree during each cell, read from /proc.',
  columns: [
    { name: 'run_id', type: 'string', description: 'Run id.', value: (r) => r.record.runId },
    { name: 'variant', type: 'string', description: 'Variant of the cell.', value: (r) => r.cell.variant },
    { name: 'repetition', type: 'integer', description: 'Repetition number, from 1.', value: (r) => r.cell.repetition },
    { name: 'role', type: 'string', description: '`proxy`, `upstream` or `generator`: which process tree.', value: (r) => r.role },
    { name: 't_ms', type: 'number', description: 'Milliseconds since the run started.', value: (r) => Math.round(r.point.tMs * 10) / 10 },
    { name: 'phase', type: 'string', description: 'Phase in progress at this sample (empty between phases).', value: (r) => r.phase },
    { name: 'cpu_cores', type: 'number', description: 'CPU cores used since the previous sample (empty for the first); /proc resolves 10 ms of CPU.', value: (r) => r.cpuCores },
    { name: 'cpu_s_total', type: 'number', description: 'CPU seconds (user + system) the tree has used since it started.', value: (r) => r.point.cpuSeconds },
    { name: 'rss_bytes', type: 'integer', description: 'Resident set size summed over the tree’s processes, bytes.', value: (r) => r.point.rssBytes },
    { name: 'processes', type: 'integer', description: 'Processes in the tree.', value: (r) => r.point.processes },
    { name: 'threads', type: 'integer', description: 'Threads in the tree.', value: (r) => r.point.threads },
  ],
};
