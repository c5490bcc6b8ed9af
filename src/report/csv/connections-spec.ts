// connections.csv: the connection ladders — one row per variant × repetition × ladder × step, each with its ladder's fit.
import type { CellRecord, RunRecord } from '../../record/run.js';
import type { LadderRecord, LadderStepRecord } from '../../record/ladder.js';
import type { CsvSpec } from './columns.js';
import { cellKey, keyColumns } from './key-columns.js';

export interface ConnectionsRow {
  record: RunRecord;
  cell: CellRecord;
  ladder: LadderRecord;
  /** undefined for a ladder that ran no step (skipped or failed): its one row says why. */
  step: LadderStepRecord | undefined;
  stepIndex: number | undefined;
}

/** Pure: a row per step of every ladder of every cell; a ladder without steps gets one row. */
export function connectionsRows(record: RunRecord): ConnectionsRow[] {
  return record.cells.flatMap((cell) =>
    (cell.ladders ?? []).flatMap((ladder): ConnectionsRow[] =>
      ladder.steps.length === 0
        ? [{ record, cell, ladder, step: undefined, stepIndex: undefined }]
        : ladder.steps.map((step, stepIndex) => ({ record, cell, ladder, step, stepIndex })),
    ),
  );
}

const round = (value: number | undefined, digits: number) => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);

export const connectionsSpec: CsvSpec<ConnectionsRow> = {
  file: 'connections.csv',
  schemaVersion: 1,
  description:
    'Memory per connection: one row per variant × repetition × ladder × step (written when the scenario has a `loop: ladder` phase). ' +
    'At each step the ladder worker holds N keep-alive connections to the proxy (each opened with one exchange), RSS is read once it settles, ' +
    'and the proxy’s own count of connections on its listen port is read from /proc/net/tcp. The fit columns (least squares of RSS on ' +
    'connections over the ladder’s steps) are the same on every row of one ladder: filter on `step = 0` for one row per ladder.',
  columns: [
    ...keyColumns(cellKey),
    { name: 'ladder', type: 'string', description: 'Ladder phase name from the scenario.', value: (r) => r.ladder.name },
    { name: 'kind', type: 'string', description: '`idle` (one exchange, then idle), `buffered` (one exchange with large bodies, then idle) or `active` (a request every `active_interval_ms`).', value: (r) => r.ladder.kind },
    { name: 'ladder_status', type: 'string', description: '`ok`, `incomplete` (steps capped or left out), `skipped` (no proxy process, e.g. direct) or `failed`.', value: (r) => r.ladder.status },
    { name: 'note', type: 'string', description: 'What a reader must know: capped steps, connections the proxy closed (held < opened), unsettled steps, errors.', value: (r) => r.ladder.note },
    { name: 'step', type: 'integer', description: 'Step index, from 0 (empty when the ladder ran no step).', value: (r) => r.stepIndex },
    { name: 'connections_requested', type: 'integer', description: 'Connections the scenario asked for at this step.', value: (r) => r.step?.requested },
    { name: 'connections_target', type: 'integer', description: 'Connections the ladder tried to hold: the request, or the fd cap when lower.', value: (r) => r.step?.target },
    { name: 'capped', type: 'boolean', description: 'true when the fd limits capped this step (`cap_connections`).', value: (r) => r.step?.capped },
    { name: 'connections_opened', type: 'integer', description: 'Connections open at the client when the step’s opening ended, each having completed its exchange.', value: (r) => r.step?.opened },
    { name: 'connections_failed', type: 'integer', description: 'Connection attempts in this step that failed before completing their exchange.', value: (r) => r.step?.failed },
    { name: 'connections_held', type: 'integer', description: 'The proxy’s ESTABLISHED sockets on its listen port after settling (/proc/net/tcp); below `connections_opened` when the proxy closed some.', value: (r) => r.step?.held },
    { name: 'connections_close_wait', type: 'integer', description: 'The proxy’s sockets in CLOSE_WAIT on its listen port then.', value: (r) => r.step?.closeWait },
    { name: 'connections_client_open', type: 'integer', description: 'Connections still open at the client after settling.', value: (r) => r.step?.clientOpen },
    { name: 'rss_bytes', type: 'integer', description: 'Settled RSS of the proxy’s process tree (median of the settle window; summed over processes), bytes.', value: (r) => r.step?.rssBytes },
    { name: 'kernel_bytes', type: 'integer', description: 'Kernel memory charged to the proxy (container cgroup sources), bytes; empty where unknown (local /proc).', value: (r) => r.step?.kernelBytes },
    { name: 'settled', type: 'boolean', description: 'false when RSS still moved by more than the tolerance at the maximum wait.', value: (r) => r.step?.settled },
    { name: 'settle_ms', type: 'integer', description: 'Time from the end of the step’s opening to the last RSS reading, ms.', value: (r) => r.step?.settleMs },
    { name: 'settle_spread_pct', type: 'number', description: 'Spread of the last settle window, % of its median.', value: (r) => r.step?.settleSpreadPct },
    { name: 'client_rss_bytes', type: 'integer', description: 'RSS of the ladder worker holding the client side, bytes.', value: (r) => r.step?.clientRssBytes },
    { name: 't_ms', type: 'integer', description: 'Milliseconds since the run started, at the step’s last reading.', value: (r) => r.step?.tMs },
    { name: 'request_body_bytes', type: 'integer', description: 'Request body of each connection’s exchange, bytes.', value: (r) => r.ladder.requestBodyBytes },
    { name: 'response_body_bytes', type: 'integer', description: 'Response body of each exchange, bytes.', value: (r) => r.ladder.responseBodyBytes },
    { name: 'active_interval_ms', type: 'integer', description: 'kind active: each held connection sends a request this often, ms.', value: (r) => r.ladder.activeIntervalMs },
    { name: 'bytes_per_conn', type: 'number', description: 'The ladder’s fit: slope, bytes of RSS per connection held.', value: (r) => round(r.ladder.fit?.bytesPerConn, 1) },
    { name: 'base_rss_bytes', type: 'integer', description: 'The ladder’s fit: intercept, RSS at zero connections, bytes.', value: (r) => round(r.ladder.fit?.baseBytes, 0) },
    { name: 'r2', type: 'number', description: 'The ladder’s fit: R² (1 = every step on the line).', value: (r) => round(r.ladder.fit?.r2, 5) },
    { name: 'fit_points', type: 'integer', description: 'Steps the fit used.', value: (r) => r.ladder.fit?.points },
    { name: 'fit_on', type: 'string', description: '`held` (x = connections_held) or `opened` (x = connections_opened, where held could not be read).', value: (r) => r.ladder.fitOn },
    { name: 'closed_by_proxy', type: 'boolean', description: 'true when at some step the proxy held fewer connections than were opened (it closes idle connections).', value: (r) => r.ladder.closedByProxy },
    { name: 'cap_connections', type: 'integer', description: 'Most connections a step could hold given the fd limits (empty when unknown).', value: (r) => r.ladder.capConnections },
    { name: 'client_fd_limit', type: 'integer', description: 'Soft open-files limit of the ladder worker.', value: (r) => r.ladder.fdLimits.client },
    { name: 'proxy_fd_limit', type: 'integer', description: 'Open-files limit the proxy can reach (local: the runner’s hard limit).', value: (r) => r.ladder.fdLimits.proxy },
    { name: 'kernel_bytes_per_conn', type: 'number', description: 'The same fit over kernel_bytes: the kernel’s share of bytes_per_conn (containers: socket buffers and structures charged to the cgroup); empty where kernel_bytes is (local /proc, whose RSS holds no kernel memory).', value: (r) => round(r.ladder.kernelFit?.bytesPerConn, 1) },
    { name: 'protocol', type: 'string', description: 'What each held connection speaks: `http1` (plaintext, or TLS with `tls_version`), `h2` (HTTP/2 by ALPN over TLS) or `h2c` (cleartext HTTP/2); an HTTP/2 connection carried one stream, then idled.', value: (r) => r.ladder.protocol ?? 'http1' },
    { name: 'tls_version', type: 'string', description: 'Ladders over TLS (HTTP/1.1 with `tls`, or h2): the TLS version of every held connection; empty for plaintext.', value: (r) => r.ladder.tls?.version },
  ],
};
