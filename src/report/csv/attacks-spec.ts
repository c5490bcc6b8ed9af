// attacks.csv: one row per variant × repetition × attack phase — benign latency clean vs under attack, the proxy's cost, the attack's fate.
import type { CsvSpec } from './columns.js';
import { keyColumns } from './key-columns.js';
import type { RunRecord } from '../../record/run.js';
import { attackFigures, attackNotes, validAttack, validClean, type AttackFigures } from '../../analyze/attacks.js';

export interface AttackRow {
  record: RunRecord;
  f: AttackFigures;
}

export function attackRows(record: RunRecord): AttackRow[] {
  return attackFigures(record.cells).map((f) => ({ record, f }));
}

const round = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? undefined : Math.round(v * 10 ** digits) / 10 ** digits);

export const attacksSpec: CsvSpec<AttackRow> = {
  file: 'attacks.csv',
  schemaVersion: 1,
  description:
    'Attacks beside benign traffic (written when a phase has `attack:`): one row per variant × repetition × attack phase. The benign ' +
    'open-loop traffic runs at the rate of the clean phase it names; `attack_*` latency covers the one-second intervals whose middle falls inside the attack ' +
    'window (the attack runs for the first two thirds of the phase by default), recovery is read from the seconds after it. ' +
    'Resource columns are over the whole phase; `clean_*` ones come from the clean phase. The figures of an invalid phase are left empty (`clean_*` for the clean phase, the benign and proxy ones for the attack phase); `invalid_reason` says why.',
  columns: [
    ...keyColumns((r: AttackRow) => ({ record: r.record, variant: r.f.variant, repetition: r.f.repetition }), { withVersion: false }),
    { name: 'phase', type: 'string', description: 'The attack phase.', value: (r) => r.f.phase },
    { name: 'attack', type: 'string', description: 'slowloris, slow-body, slow-read, connection-flood, pipeline-flood or header-flood; the h2-* kinds (their own figures in h2-attacks.csv); on the TLS listener tls-handshake-flood or tls-hello-dribble.', value: (r) => r.f.attack.kind },
    { name: 'clean_phase', type: 'string', description: 'The clean phase compared with.', value: (r) => r.f.attack.clean },
    { name: 'attack_connections', type: 'integer', description: 'Most attack connections (scenario `connections`).', value: (r) => r.f.attack.params.connections },
    { name: 'attack_rate_per_s', type: 'number', description: 'Scenario `rate`: new connections per second (slow kinds, connection-flood), batches or requests per second (floods).', value: (r) => r.f.attack.params.ratePerSec },
    { name: 'attack_interval_ms', type: 'integer', description: 'Scenario `interval` (slow kinds: between trickles or reads).', value: (r) => r.f.attack.params.intervalMs },
    { name: 'attack_duration_ms', type: 'integer', description: 'How long the attack ran.', value: (r) => r.f.attack.params.durationMs },
    { name: 'clean_p50_us', type: 'integer', description: 'Benign p50 in the clean phase, µs.', value: (r) => r.f.clean?.p50Us },
    { name: 'clean_p99_us', type: 'integer', description: 'Benign p99 in the clean phase, µs.', value: (r) => r.f.clean?.p99Us },
    { name: 'clean_p999_us', type: 'integer', description: 'Benign p99.9 in the clean phase, µs.', value: (r) => r.f.clean?.p999Us },
    { name: 'clean_error_rate_pct', type: 'number', description: 'Benign requests failed or non-2xx in the clean phase, %.', value: (r) => round(r.f.clean?.errorRatePct) },
    { name: 'attack_p50_us', type: 'integer', description: 'Benign p50 under attack, µs.', value: (r) => r.f.underAttack?.p50Us },
    { name: 'attack_p99_us', type: 'integer', description: 'Benign p99 under attack, µs.', value: (r) => r.f.underAttack?.p99Us },
    { name: 'attack_p999_us', type: 'integer', description: 'Benign p99.9 under attack, µs.', value: (r) => r.f.underAttack?.p999Us },
    { name: 'attack_error_rate_pct', type: 'number', description: 'Benign requests failed or non-2xx over the attack phase, %.', value: (r) => round(r.f.underAttack?.errorRatePct) },
    { name: 'recovery_ms', type: 'integer', description: 'From the attack’s end to the first second whose benign p99 is within `recovery_bound_us` (1-second resolution; empty: not within the phase).', value: (r) => r.f.recoveryMs },
    { name: 'recovery_bound_us', type: 'integer', description: '1.5 × the clean p99 + 1 ms.', value: (r) => r.f.recoveryBoundUs },
    { name: 'proxy_rss_peak_bytes', type: 'integer', description: 'Proxy RSS peak in the attack phase, bytes.', value: (r) => validAttack(r.f)?.resources.proxy?.rssPeakBytes },
    { name: 'clean_proxy_rss_peak_bytes', type: 'integer', description: 'Proxy RSS peak in the clean phase, bytes.', value: (r) => validClean(r.f)?.resources.proxy?.rssPeakBytes },
    { name: 'proxy_cpu_cores', type: 'number', description: 'Proxy CPU in the attack phase, cores.', value: (r) => round(validAttack(r.f)?.resources.proxy?.cpuCores) },
    { name: 'clean_proxy_cpu_cores', type: 'number', description: 'Proxy CPU in the clean phase, cores.', value: (r) => round(validClean(r.f)?.resources.proxy?.cpuCores) },
    { name: 'proxy_connections_peak', type: 'integer', description: 'Most client connections the proxy held (its ESTABLISHED sockets on its port), sampled every second.', value: (r) => r.f.attack.proxyConnectionsPeak },
    { name: 'proxy_fds_peak', type: 'integer', description: 'Most open fds of the proxy’s processes (local runtime), sampled every second.', value: (r) => r.f.attack.proxyFdsPeak },
    { name: 'upstream_connections_opened', type: 'integer', description: 'Upstream connections the proxy opened in the attack phase.', value: (r) => validAttack(r.f)?.upstream?.connectionsOpened },
    { name: 'clean_upstream_connections_opened', type: 'integer', description: 'Upstream connections the proxy opened in the clean phase.', value: (r) => validClean(r.f)?.upstream?.connectionsOpened },
    { name: 'attack_connections_opened', type: 'integer', description: 'Attack connections established.', value: (r) => r.f.attack.attacker?.connectionsOpened },
    { name: 'attack_connections_failed', type: 'integer', description: 'Attack connections refused or never established.', value: (r) => r.f.attack.attacker?.connectionsFailed },
    { name: 'attack_closed_by_proxy', type: 'integer', description: 'Attack connections the proxy closed while the attack ran.', value: (r) => r.f.attack.attacker?.closedByProxy },
    { name: 'first_cut_ms', type: 'integer', description: 'Age of the first attack connection the proxy cut (408 or close), ms; empty: none was cut.', value: (r) => r.f.attack.attacker?.firstCutMs },
    { name: 'median_cut_ms', type: 'integer', description: 'Median age of the cut attack connections, ms.', value: (r) => r.f.attack.attacker?.medianCutMs },
    { name: 'attack_responses', type: 'string', description: 'Statuses the attack connections got, "status:count" space-separated.', value: (r) => Object.entries(r.f.attack.attacker?.statuses ?? {}).map(([s, n]) => `${s}:${n}`).join(' ') },
    { name: 'attack_requests_sent', type: 'integer', description: 'Requests the attack sent (floods; slow-read: one per connection).', value: (r) => r.f.attack.attacker?.requestsSent },
    { name: 'valid', type: 'boolean', description: 'false when the generator could not keep its schedule in the attack phase (then its benign and proxy columns are empty; see summary.csv).', value: (r) => r.f.attackPhase.validity.valid },
    { name: 'note', type: 'string', description: 'What a reader must know besides the figures: the attacker’s error if it reported none; an attacker short of its planned connections; a proxy that never held most attack connections (and why, where the kernel tells).', value: (r) => attackNotes(r.f.attack).join('; ') || undefined },
    { name: 'proxy_unaccepted_peak', type: 'integer', description: 'Most handshakes waiting in SYN_RECV on the proxy’s port, sampled every second: connections the kernel held back unaccepted (a listener with TCP_DEFER_ACCEPT) or half-open.', value: (r) => r.f.attack.proxyUnacceptedPeak },
    { name: 'clean_valid', type: 'boolean', description: 'false when the clean phase is not a result (then the `clean_*` columns are empty).', value: (r) => r.f.cleanPhase?.validity.valid ?? false },
    { name: 'invalid_reason', type: 'string', description: 'Why the clean or the attack phase is not a result (empty when both are valid).', value: (r) => r.f.invalid.join('; ') || undefined },
    { name: 'attack_transport', type: 'string', description: 'Where the attack went: `tls` for the TLS kinds (the proxy’s TLS listener), the h2-* kinds’ `attack.h2` (`tls` or `h2c`), `plain` for the others.', value: (r) => (r.f.attack.kind.startsWith('tls-') ? 'tls' : r.f.attack.kind.startsWith('h2-') ? (r.f.attack.params.h2 ?? 'tls') : 'plain') },
    { name: 'attack_hold', type: 'boolean', description: 'tls-handshake-flood: each connection kept open after its handshake (scenario `hold`); empty for other kinds.', value: (r) => (r.f.attack.kind === 'tls-handshake-flood' ? (r.f.attack.params.hold ?? false) : undefined) },
    { name: 'attack_dribble_bytes', type: 'integer', description: 'tls-hello-dribble: ClientHello bytes sent every interval (scenario `dribbleBytes`).', value: (r) => (r.f.attack.kind === 'tls-hello-dribble' ? r.f.attack.params.dribbleBytes : undefined) },
    { name: 'tls_handshakes', type: 'integer', description: 'tls-handshake-flood: full handshakes completed, each verified against the run’s CA.', value: (r) => r.f.attack.attacker?.tls?.handshakes },
    { name: 'tls_handshake_errors', type: 'string', description: 'TLS kinds: connections that failed after the TCP connect and before a completed handshake, "code:count" space-separated.', value: (r) => Object.entries(r.f.attack.attacker?.tls?.handshakeErrors ?? {}).map(([c, n]) => `${c}:${n}`).join(' ') || undefined },
    { name: 'proxy_cpu_us_per_attack_handshake', type: 'integer', description: 'tls-handshake-flood: the proxy’s CPU in the attack phase beyond its clean-phase rate, per completed attack handshake, µs (empty when a phase is not a result).', value: (r) => r.f.cpuUsPerAttackHandshake },
    { name: 'client_hello_bytes', type: 'integer', description: 'tls-hello-dribble: size of the ClientHello dribbled (node’s own), bytes.', value: (r) => r.f.attack.attacker?.tls?.clientHelloBytes },
    { name: 'tls_handshakes_in_progress_at_end', type: 'integer', description: 'tls-handshake-flood: connections still in their handshake when the attack ended (the idle-priority attacker fell behind; with `tls_handshakes` and the errors they add up to `attack_connections_opened`).', value: (r) => (r.f.attack.kind === 'tls-handshake-flood' ? r.f.attack.attacker?.tls?.handshakesInProgressAtEnd : undefined) },
    { name: 'helloes_completed', type: 'integer', description: 'tls-hello-dribble: connections that got their whole ClientHello out before the proxy cut them or the attack ended.', value: (r) => (r.f.attack.kind === 'tls-hello-dribble' ? r.f.attack.attacker?.tls?.helloesCompleted : undefined) },
  ],
};
