// probes.csv: one row per variant × repetition × probe — the verdict, pass or fail, and a summary of the evidence.
import type { CsvSpec } from './columns.js';
import { cellKey, keyColumns } from './key-columns.js';
import type { CellRecord, RunRecord } from '../../record/run.js';
import type { ProbeResultRecord } from '../../record/probe.js';

export interface ProbeRow {
  record: RunRecord;
  cell: CellRecord;
  probe: ProbeResultRecord;
}

/** Pure: a row per probe result of every cell that ran the sweep. */
export function probeRows(record: RunRecord): ProbeRow[] {
  return record.cells.flatMap((cell) => (cell.probes ?? []).map((probe) => ({ record, cell, probe })));
}

const evidence = (p: ProbeResultRecord) => {
  const e = p.evidence;
  if (!e) return '';
  const client = `client ${e.client.statuses.join(',') || 'no response'}${e.client.closed ? `, closed (${e.client.closed})` : ', open'}${e.client.timedOut ? ', timed out' : ''}`;
  const upstream = e.upstream.requests.length > 0 ? `upstream ${e.upstream.requests.join(' | ')}` : 'upstream: nothing framed';
  const victim = `victim ${e.victim.statuses.join(',') || 'no response'}${e.victim.echo ? ` (${e.victim.echo})` : ''}`;
  return [client, upstream, ...(e.upstream.answers.length ? [`oracle answered ${e.upstream.answers.join(', ')}`] : []), victim].join('; ');
};

export const probesSpec: CsvSpec<ProbeRow> = {
  file: 'probes.csv',
  schemaVersion: 1,
  description:
    'Adversarial probes (written when the scenario has `probes:`): one row per variant × repetition × probe of the catalogue ' +
    '(scenarios/probes/*.yaml). Each probe is sent on a fresh connection to the proxy, which runs in front of the oracle upstream ' +
    '(it records the exact bytes of every upstream connection) with its upstream pool pinned (`probes.upstreamPoolSize`); a victim ' +
    'request follows on another fresh connection. The verdict comes from the decision table in scenarios/probes/README.md; ' +
    'positive verdicts are repeated (`attempts`). run.json keeps the full evidence (bytes sent, received and forwarded).',
  columns: [
    ...keyColumns(cellKey),
    { name: 'probe', type: 'string', description: 'Probe id (`proxybench probes list`).', value: (r) => r.probe.probe },
    { name: 'category', type: 'string', description: '`smuggling`, `parser`, `limits`, `expect-pause-upgrade`, `h2`, or a user category.', value: (r) => r.probe.category },
    { name: 'tier', type: 'string', description: '`severe` (only REJECT passes), `ambiguous` (REJECT, or NORMALIZE and close) or `acceptable` (anything but MISFRAME, HANG, DESYNC, CRASH); a probe may list its own passing verdicts.', value: (r) => r.probe.tier },
    { name: 'verdict', type: 'string', description: 'REJECT, REJECT-NOCLOSE, NORMALIZE, FORWARD-AMBIGUOUS, MISFRAME, HANG, DESYNC, CRASH, or SKIPPED.', value: (r) => r.probe.verdict },
    { name: 'pass', type: 'boolean', description: 'Whether the verdict is acceptable for the probe; empty when skipped.', value: (r) => r.probe.pass },
    { name: 'attempts', type: 'string', description: 'Every attempt’s verdict, space-separated (positives are repeated `probes.confirm` times).', value: (r) => r.probe.attempts.join(' ') },
    { name: 'client_status', type: 'string', description: 'Statuses of the final responses the probe’s connection got, comma-separated.', value: (r) => r.probe.evidence?.client.statuses.join(',') },
    { name: 'client_closed', type: 'string', description: '`fin` or `reset` when the proxy closed the probe’s connection, empty when it stayed open.', value: (r) => r.probe.evidence?.client.closed },
    { name: 'upstream_requests', type: 'integer', description: 'Requests the oracle framed from what the proxy forwarded.', value: (r) => r.probe.evidence?.upstream.requests.length },
    { name: 'reason', type: 'string', description: 'The decision-table row that matched, or why the probe was skipped.', value: (r) => r.probe.reason },
    { name: 'evidence', type: 'string', description: 'The client’s responses, the requests the oracle framed (method, target, framing:body bytes, Host), its own error answers, and the victim’s response.', value: (r) => evidence(r.probe) },
    { name: 'duration_ms', type: 'integer', description: 'Time spent on the probe, attempts included, ms.', value: (r) => r.probe.durationMs },
    { name: 'transport', type: 'string', description: '`plain` (the proxy’s plaintext listener) or `tls` (its TLS listener, `probes.tls`; the oracle upstream stays plaintext). Older records: `plain`.', value: (r) => r.probe.transport ?? 'plain' },
  ],
};
