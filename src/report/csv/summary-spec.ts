// summary.csv: one row per variant × repetition × measured phase × traffic class.
import { summarizeEncoded } from '../../measure/histogram.js';
import type { CsvSpec } from './columns.js';
import { cellKey, keyColumns } from './key-columns.js';
import type { SummaryRow } from '../../analyze/rows.js';
import { tlsFigures, tlsOverhead } from '../../analyze/tls-figures.js';

const tls = (row: SummaryRow) => tlsFigures(row);
const overhead = (row: SummaryRow) => tlsOverhead(row.record, row.cell, row.phase);
/** The phase's declared TLS block (empty for plaintext phases). */
const declaredTls = (row: SummaryRow) => row.record.scenario.phases.find((p) => p.name === row.phaseName)?.tls;

/** The phase as the scenario declared it. */
const declaredPhase = (row: SummaryRow) => row.record.scenario.phases.find((p) => p.name === row.phaseName);
/** "key:count" space-separated; empty when there are none. */
const counts = (c: Record<string, number> | undefined) => Object.entries(c ?? {}).map(([k, n]) => `${k}:${n}`).join(' ') || undefined;

/** A measurement: empty unless the phase ran and is valid (an invalid phase is never reported as a result). */
const measured = <T>(row: SummaryRow, get: (p: NonNullable<SummaryRow['phase']>) => T): T | null =>
  row.phase && row.phase.validity.valid ? get(row.phase) : null;

const totalErrors = (row: SummaryRow) => Object.values(row.phase?.traffic.errors ?? {}).reduce((a, b) => a + b, 0);

export const summarySpec: CsvSpec<SummaryRow> = {
  file: 'summary.csv',
  schemaVersion: 1,
  description:
    'One row per variant × repetition × measured phase × traffic class. Warm-up phases are never included. ' +
    'Latency columns are in microseconds; for open-loop phases they are measured from each request’s intended send time. ' +
    'Measurement columns are empty when `valid` is false or the cell failed; `invalid_reason` says why.',
  columns: [
    ...keyColumns(cellKey),
    { name: 'phase', type: 'string', description: 'Phase name from the scenario.', value: (r) => r.phaseName },
    { name: 'traffic_class', type: 'string', description: '`benign` (adversarial classes are added by later versions).', value: (r) => r.phase?.trafficClass ?? 'benign' },
    { name: 'loop', type: 'string', description: '`closed` (max throughput at N connections) or `open` (constant arrival rate).', value: (r) => r.phase?.loop ?? r.record.scenario.phases.find((p) => p.name === r.phaseName)?.traffic.loop },
    { name: 'connections', type: 'integer', description: 'Closed loop: connections; open loop: most connections allowed.', value: (r) => r.phase?.connections },
    { name: 'target_rps', type: 'number', description: 'Open loop: the target arrival rate, requests/s; empty for closed loop.', value: (r) => r.phase?.targetRatePerSec },
    { name: 'duration_s', type: 'number', description: 'Phase duration, seconds.', value: (r) => (r.phase ? r.phase.durationMs / 1000 : null) },
    { name: 'cell_status', type: 'string', description: '`ok`, `crashed` (the proxy died), `start-failed`, `failed` or `interrupted`.', value: (r) => r.cell.status },
    { name: 'valid', type: 'boolean', description: 'false when the generator fell behind or saturated its core, the proxy answered without the upstream, or nothing was measured (a target that could not keep up is valid: see saturated_at_rps).', value: (r) => r.phase?.validity.valid ?? false },
    { name: 'invalid_reason', type: 'string', description: 'Why the row is not a result (empty when valid).', value: (r) => (r.phase ? r.phase.validity.reasons.join('; ') : (r.cell.failure?.message ?? 'phase did not run')) },
    { name: 'requests', type: 'integer', description: 'Responses received (any status).', value: (r) => measured(r, (p) => p.traffic.requests) },
    { name: 'errors', type: 'integer', description: 'Requests without a response (timeouts, resets, refused).', value: (r) => measured(r, () => totalErrors(r)) },
    { name: 'non_2xx', type: 'integer', description: 'Responses with a status outside 200–299.', value: (r) => measured(r, (p) => p.traffic.non2xx) },
    { name: 'error_rate_pct', type: 'number', description: '(errors + non_2xx) / (requests + errors) × 100.', value: (r) => measured(r, (p) => round(((totalErrors(r) + p.traffic.non2xx) / Math.max(1, p.traffic.requests + totalErrors(r))) * 100, 4)) },
    { name: 'rps', type: 'number', description: 'Achieved responses per second.', value: (r) => measured(r, (p) => round(p.traffic.achievedRatePerSec, 1)) },
    { name: 'p50_us', type: 'integer', description: 'Median latency, µs.', value: (r) => r.latency?.p50Us },
    { name: 'p90_us', type: 'integer', description: '90th percentile latency, µs.', value: (r) => r.latency?.p90Us },
    { name: 'p99_us', type: 'integer', description: '99th percentile latency, µs.', value: (r) => r.latency?.p99Us },
    { name: 'p999_us', type: 'integer', description: '99.9th percentile latency, µs.', value: (r) => r.latency?.p999Us },
    { name: 'p9999_us', type: 'integer', description: '99.99th percentile latency, µs.', value: (r) => r.latency?.p9999Us },
    { name: 'max_us', type: 'integer', description: 'Largest latency, µs.', value: (r) => r.latency?.maxUs },
    { name: 'mean_us', type: 'number', description: 'Mean latency, µs.', value: (r) => r.latency?.meanUs },
    { name: 'uncorrected_p50_us', type: 'integer', description: 'Open loop: median latency from the actual send time (not corrected for coordinated omission), µs.', value: (r) => r.uncorrected?.p50Us },
    { name: 'uncorrected_p99_us', type: 'integer', description: 'Open loop: p99 from the actual send time, µs.', value: (r) => r.uncorrected?.p99Us },
    { name: 'uncorrected_p999_us', type: 'integer', description: 'Open loop: p99.9 from the actual send time, µs.', value: (r) => r.uncorrected?.p999Us },
    { name: 'proxy_cpu_cores', type: 'number', description: 'Average CPU cores the proxy’s process tree used while the traffic ran, first request to last (empty for direct).', value: (r) => measured(r, (p) => p.resources.proxy?.cpuCores) },
    { name: 'proxy_cpu_s_per_1k_req', type: 'number', description: 'Proxy CPU seconds per 1,000 responses.', value: (r) => measured(r, (p) => p.resources.proxy?.cpuSecondsPer1kRequests) },
    { name: 'proxy_rss_peak_bytes', type: 'integer', description: 'Largest RSS of the proxy’s process tree during the phase, bytes (summed over processes).', value: (r) => measured(r, (p) => p.resources.proxy?.rssPeakBytes) },
    { name: 'proxy_rss_steady_bytes', type: 'integer', description: 'Median RSS over the second half of the phase, bytes.', value: (r) => measured(r, (p) => p.resources.proxy?.rssSteadyBytes) },
    { name: 'proxy_threads', type: 'integer', description: 'Most threads in the proxy’s process tree.', value: (r) => measured(r, (p) => p.resources.proxy?.threadsMax) },
    { name: 'upstream_cpu_cores', type: 'number', description: 'Average CPU cores the upstream used while the traffic ran.', value: (r) => measured(r, (p) => p.resources.upstream?.cpuCores) },
    { name: 'upstream_requests', type: 'integer', description: 'Requests the upstream served in the phase (proves the proxy forwarded them).', value: (r) => measured(r, (p) => p.upstream?.requests) },
    { name: 'upstream_connections_opened', type: 'integer', description: 'Connections opened to the upstream in the phase (low = the keep-alive pool works).', value: (r) => measured(r, (p) => p.upstream?.connectionsOpened) },
    { name: 'generator_cpu_cores', type: 'number', description: 'Average CPU cores of the load generator process while the traffic ran (open loop spins between sends, so read generator_busy_pct there).', value: (r) => r.phase?.resources.generator?.cpuCores },
    { name: 'generator_busy_pct', type: 'number', description: 'Open loop: share of wall time the generator spent sending and reading, %.', value: (r) => (r.phase?.traffic.generatorBusyFraction === undefined ? null : round(r.phase.traffic.generatorBusyFraction * 100, 2)) },
    { name: 'send_lag_p99_us', type: 'integer', description: 'Open loop: 99% of requests left at most this late after their intended send time (includes waiting for a free connection), µs.', value: (r) => (r.phase?.traffic.sendLagUs ? summarizeEncoded(r.phase.traffic.sendLagUs).p99Us : null) },
    { name: 'scheduler_lag_p99_us', type: 'integer', description: 'Open loop: 99% of requests were noticed due by the generator at most this late (its own timer and event-loop delay; above validity.maxSendLagP99 the phase is invalid), µs.', value: (r) => (r.phase?.traffic.schedulerLagUs ? summarizeEncoded(r.phase.traffic.schedulerLagUs).p99Us : null) },
    { name: 'generator_workers', type: 'integer', description: 'Generator worker processes that drove the phase together (each its share of the schedule or the connections; their histograms merged exactly; each judged valid on its own).', value: (r) => (r.phase ? (r.phase.traffic.workers?.length ?? 1) : null) },
    { name: 'tls_mode', type: 'string', description: 'TLS phases: the declared handshake mode, `keepalive`, `full` or `resumed` (verified per connection); empty for plaintext.', value: (r) => declaredTls(r)?.mode },
    { name: 'tls_version', type: 'string', description: 'TLS phases: the protocol version the listener was pinned to (`1.3`, `1.2`).', value: (r) => declaredTls(r)?.version },
    { name: 'tls_key', type: 'string', description: 'TLS phases: the key type of the run’s certificate (`rsa2048`, `ecdsa-p256`).', value: (r) => declaredTls(r)?.key },
    { name: 'tls_handshakes', type: 'integer', description: 'TLS phases: handshakes of the phase’s connections (opened during it; for keepalive also the warm pool opened just before the clock started).', value: (r) => tls(r)?.handshakes },
    { name: 'tls_resumed', type: 'integer', description: 'TLS phases: of those, connections that resumed a session (`isSessionReused()`).', value: (r) => tls(r)?.resumed },
    { name: 'tls_handshakes_per_s', type: 'number', description: 'TLS phases: handshakes completed per second of the phase (new connections/s).', value: (r) => tls(r)?.handshakesPerSec },
    { name: 'proxy_cpu_us_per_handshake', type: 'number', description: 'full / resumed: the proxy’s CPU over the phase ÷ handshakes completed, µs (request handling on those connections included; empty for keepalive and direct).', value: (r) => tls(r)?.proxyCpuUsPerHandshake },
    { name: 'handshakes_per_s_per_proxy_core', type: 'integer', description: 'full / resumed: handshakes per second one proxy core sustains — observed (handshakes/s ÷ proxy cores) where the proxy used at least 0.9 of a core, else estimated as 1e6 ÷ proxy_cpu_us_per_handshake; see handshakes_per_core_basis.', value: (r) => tls(r)?.handshakesPerSecPerCore },
    { name: 'handshakes_per_core_basis', type: 'string', description: '`observed` (the generator saturated the proxy) or `estimate` (from CPU per handshake: the proxy had headroom).', value: (r) => tls(r)?.handshakesPerCoreBasis },
    { name: 'tls_handshake_p50_us', type: 'integer', description: 'TLS open loop: median time from a connection’s connect to its completed handshake, µs.', value: (r) => tls(r)?.handshakeP50Us },
    { name: 'tls_handshake_p99_us', type: 'integer', description: 'TLS open loop: p99 of connect → handshake done, µs.', value: (r) => tls(r)?.handshakeP99Us },
    { name: 'tls_plain_phase', type: 'string', description: 'TLS keepalive phases: the plaintext phase of the same loop and rate in the same cell that the overhead columns compare with.', value: (r) => overhead(r)?.plainPhase },
    { name: 'tls_overhead_rps', type: 'number', description: 'rps over TLS − rps over plaintext at the same rate (responses/s).', value: (r) => overhead(r)?.rpsDelta },
    { name: 'tls_overhead_p99_us', type: 'integer', description: 'p99 over TLS − p99 over plaintext at the same rate, µs.', value: (r) => overhead(r)?.p99DeltaUs },
    { name: 'tls_overhead_cpu_s_per_1k_req', type: 'number', description: 'Proxy CPU seconds per 1,000 responses over TLS − over plaintext at the same rate.', value: (r) => overhead(r)?.cpuSPer1kDelta },
    { name: 'saturated_at_rps', type: 'number', description: 'Open loop: the rate the target achieved when it could not keep up with target_rps while the generator kept its schedule (a valid result: the latency columns include the queue it built); empty when it kept up.', value: (r) => measured(r, (p) => (p.saturation ? round(p.saturation.atRatePerSec, 1) : null)) },
    { name: 'queue_peak_requests', type: 'integer', description: 'Open loop: most due requests not yet sent at once — found due together by the scheduler, or waiting for a free connection (the queue the target built when saturated).', value: (r) => measured(r, (p) => p.traffic.queuePeakRequests) },
    { name: 'unsent', type: 'integer', description: 'Open loop: due requests still waiting for a connection when the phase ended (never sent).', value: (r) => measured(r, (p) => p.traffic.unsent) },
    { name: 'attempt', type: 'integer', description: 'Which attempt of the phase the row reports: 1, or more when earlier attempts were invalid for the generator\'s own reason and run again (`retries`); the row is the first valid attempt, or the last when none was.', value: (r) => (r.phase ? (r.phase.attempt ?? 1) : null) },
    { name: 'retried_because', type: 'string', description: 'Why earlier attempts were run again (their invalid reasons, `attempt N: …`, joined by ` | `); empty when the first attempt is reported.', value: (r) => (r.phase?.retriedAttempts ?? []).map((a) => `attempt ${a.attempt ?? 1}: ${a.validity.reasons.join('; ')}`).join(' | ') },
    { name: 'protocol', type: 'string', description: 'The benign traffic’s protocol: `http1`, `h2` (HTTP/2 by ALPN over TLS) or `h2c` (cleartext HTTP/2, prior knowledge); the phase’s `protocol`.', value: (r) => declaredPhase(r)?.protocol ?? 'http1' },
    { name: 'h2_streams', type: 'integer', description: 'HTTP/2 phases: concurrent streams per connection asked (`traffic.streams`).', value: (r) => r.phase?.traffic.http2?.streamsPerConnection },
    { name: 'h2_negotiated', type: 'string', description: 'HTTP/2 phases: what the connections negotiated, "protocol:count" space-separated (`h2` by ALPN, `h2c`; any other makes the phase invalid).', value: (r) => counts(r.phase?.traffic.http2?.negotiated) },
    { name: 'h2_server_max_streams', type: 'integer', description: 'HTTP/2 open loop: the lowest SETTINGS_MAX_CONCURRENT_STREAMS the proxy announced.', value: (r) => r.phase?.traffic.http2?.serverMaxStreams },
    { name: 'h2_stream_slot_waits', type: 'integer', description: 'HTTP/2 open loop: requests that found every stream of every connection taken when due (they queued: "no stream slot free").', value: (r) => measured(r, (p) => (p.traffic.http2 && p.loop === 'open' ? p.traffic.http2.streamSlotWaits : null)) },
    { name: 'h2_resets', type: 'string', description: 'HTTP/2 open loop: streams the proxy reset (RST_STREAM), "code:count" space-separated.', value: (r) => counts(r.phase?.traffic.http2?.resets) },
  ],
};

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
