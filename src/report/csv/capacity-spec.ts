// capacity.csv: the sizing table — one row per variant × repetition × rate search × protocol: the rate at SLO, its cost, what bounded it.
import { isLowerBound, type CapacityRow } from '../../analyze/capacity.js';
import type { CsvSpec } from './columns.js';
import { cellKey, keyColumns } from './key-columns.js';

const round = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits);
const isProxy = (r: CapacityRow) => r.record.variants.find((v) => v.name === r.cell.variant)?.role !== 'direct';
const gibBytes = 1024 ** 3;

export const capacitySpec: CsvSpec<CapacityRow> = {
  file: 'capacity.csv',
  schemaVersion: 1,
  description:
    'Capacity at SLO, for sizing (written when the scenario has a `loop: search` phase): one row per variant × repetition × rate search × protocol. ' +
    'The rate search runs open-loop steps (latency from the intended send time, measured after each step’s settle window), doubling from `from` ' +
    'and then bisecting, for the highest rate at which the SLO held; a step in which the generator fell behind counts neither way. ' +
    'The `*_at_slo` columns are the figures of the step at that rate. Memory columns come from the same cell’s idle connection ladder when the run has one.',
  columns: [
    ...keyColumns(cellKey),
    { name: 'search', type: 'string', description: 'Rate-search phase name from the scenario.', value: (r) => r.search.name },
    { name: 'protocol', type: 'string', description: '`http1` (plaintext HTTP/1.1).', value: (r) => r.protocol },
    { name: 'slo_p50_us', type: 'integer', description: 'The SLO’s p50 limit, µs (empty when the SLO has none).', value: (r) => round(r.search.slo.p50 === undefined ? null : r.search.slo.p50 * 1000, 0) },
    { name: 'slo_p99_us', type: 'integer', description: 'The SLO’s p99 limit, µs (empty when the SLO has none).', value: (r) => round(r.search.slo.p99 === undefined ? null : r.search.slo.p99 * 1000, 0) },
    { name: 'slo_p999_us', type: 'integer', description: 'The SLO’s p99.9 limit, µs (empty when the SLO has none).', value: (r) => round(r.search.slo.p999 === undefined ? null : r.search.slo.p999 * 1000, 0) },
    { name: 'slo_error_rate_pct', type: 'number', description: 'The SLO’s error-rate limit, % of requests.', value: (r) => r.search.slo.errorRatePct },
    { name: 'rate_at_slo_rps', type: 'number', description: 'Highest offered rate at which the SLO held, requests/s (empty when it held at no step: see `result`).', value: (r) => r.search.result.rateAtSloPerSec },
    { name: 'rate_is_lower_bound', type: 'boolean', description: 'true when the search stopped before the SLO broke (generator-bound, the search’s ceiling `to`, or out of steps): the proxy carries at least `rate_at_slo_rps`.', value: (r) => isLowerBound(r.search) },
    { name: 'bounded_by', type: 'string', description: 'What bounded the figure: `slo` (a latency percentile, or a rate the proxy could not carry), `errors`, `generator` (it fell behind before the SLO broke), `ceiling` (the SLO held at `to`) or `steps` (maxSteps ran out).', value: (r) => r.search.result.boundedBy },
    { name: 'beyond_rps', type: 'number', description: 'The lowest rate tried beyond the SLO (or at which the generator fell behind); empty when none.', value: (r) => r.search.result.beyondPerSec },
    { name: 'resolved', type: 'boolean', description: 'true when rate_at_slo_rps and beyond_rps are within the search’s resolutionPct.', value: (r) => r.search.result.resolved },
    { name: 'result', type: 'string', description: 'The result in words, e.g. `12000/s (beyond at 12500/s)`, `≥ 8000/s (generator-bound: …)`, `SLO not met at the lowest step (1000/s)`.', value: (r) => r.search.result.text },
    { name: 'steps', type: 'integer', description: 'Steps the search ran (invalid ones included).', value: (r) => r.search.steps.length },
    { name: 'cpu_layout', type: 'string', description: 'taskset CPU lists: `generator G; proxy P; upstream U`.', value: (r) => `generator ${r.record.provenance.cpuLayout.generator}; proxy ${r.record.provenance.cpuLayout.proxy}; upstream ${r.record.provenance.cpuLayout.upstream}` },
    { name: 'proxy_cpus', type: 'integer', description: 'CPUs the proxy was pinned to (empty for direct).', value: (r) => (isProxy(r) ? r.proxyCpus : null) },
    { name: 'proxy_workers', type: 'integer', description: 'Worker processes or threads the proxy was configured with.', value: (r) => (isProxy(r) ? r.record.scenario.proxy.workers : null) },
    { name: 'rate_at_slo_per_proxy_cpu_rps', type: 'number', description: 'rate_at_slo_rps ÷ proxy_cpus, requests/s per proxy core.', value: (r) => (isProxy(r) && r.search.result.rateAtSloPerSec !== null ? round(r.search.result.rateAtSloPerSec / r.proxyCpus, 1) : null) },
    { name: 'achieved_rps_at_slo', type: 'number', description: 'Responses per second the step at the rate at SLO achieved.', value: (r) => round(r.atSlo?.phase.traffic.achievedRatePerSec, 1) },
    { name: 'p50_us_at_slo', type: 'integer', description: 'Median latency at the rate at SLO (after the settle window), µs.', value: (r) => r.atSlo?.figures?.p50Us },
    { name: 'p99_us_at_slo', type: 'integer', description: 'p99 latency at the rate at SLO, µs.', value: (r) => r.atSlo?.figures?.p99Us },
    { name: 'p999_us_at_slo', type: 'integer', description: 'p99.9 latency at the rate at SLO, µs.', value: (r) => r.atSlo?.figures?.p999Us },
    { name: 'proxy_cpu_cores_at_slo', type: 'number', description: 'CPU cores the proxy’s process tree used at the rate at SLO.', value: (r) => round(r.atSlo?.phase.resources.proxy?.cpuCores, 3) },
    { name: 'proxy_cpu_s_per_1k_req_at_slo', type: 'number', description: 'Proxy CPU seconds per 1,000 responses at the rate at SLO.', value: (r) => round(r.atSlo?.phase.resources.proxy?.cpuSecondsPer1kRequests, 5) },
    { name: 'bytes_per_idle_conn', type: 'integer', description: 'Memory per idle keep-alive connection (slope of the idle connection ladder of the same cell), bytes; empty when the run has no idle ladder.', value: (r) => round(r.bytesPerIdleConn, 0) },
    { name: 'conns_per_gib', type: 'integer', description: 'Idle connections per GiB of proxy memory: 1 GiB ÷ bytes_per_idle_conn.', value: (r) => (r.bytesPerIdleConn !== null && r.bytesPerIdleConn > 0 ? Math.floor(gibBytes / r.bytesPerIdleConn) : null) },
  ],
};
