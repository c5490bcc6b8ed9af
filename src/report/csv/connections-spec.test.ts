// connections.csv: the pinned header, rows from a literal run record, and runs without ladders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { fitLadder } from '../../analyze/ladder.js';
import { ladder, runWithLadders, step } from '../../testing/ladder-records.js';
import { renderRunOutputs } from '../write-outputs.js';
import { connectionsSpec } from './connections-spec.js';

test('connections.csv header is pinned: columns are only ever appended', () => {
  assert.deepEqual(connectionsSpec.columns.map((c) => c.name).slice(0, 37), [
    'run_id', 'scenario', 'variant', 'variant_version', 'repetition', 'ladder', 'kind', 'ladder_status', 'note', 'step',
    'connections_requested', 'connections_target', 'capped', 'connections_opened', 'connections_failed', 'connections_held',
    'connections_close_wait', 'connections_client_open', 'rss_bytes', 'kernel_bytes', 'settled', 'settle_ms', 'settle_spread_pct',
    'client_rss_bytes', 't_ms', 'request_body_bytes', 'response_body_bytes', 'active_interval_ms', 'bytes_per_conn',
    'base_rss_bytes', 'r2', 'fit_points', 'fit_on', 'closed_by_proxy', 'cap_connections', 'client_fd_limit', 'proxy_fd_limit',
  ]);
});

test('one row per step with the ladder’s fit on each; a skipped ladder gets one row saying why', () => {
  const steps = [step(0, 10_000_000), step(1000, 10_480_000), step(2000, 10_960_000)];
  const nginx = ladder('idle', steps, fitLadder(steps));
  const direct = ladder('idle', [], { status: 'skipped', note: 'direct runs no proxy process' });
  const record = runWithLadders([{ variant: 'direct', repetition: 1, ladders: [direct] }, { variant: 'nginx', repetition: 1, ladders: [nginx] }]);
  const rows = parse(renderRunOutputs(record).get('connections.csv')!, { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 4);
  assert.deepEqual([rows[0]!.variant, rows[0]!.ladder_status, rows[0]!.step, rows[0]!.note], ['direct', 'skipped', '', 'direct runs no proxy process']);
  const top = rows[3]!;
  assert.deepEqual(
    [top.variant, top.step, top.connections_requested, top.connections_held, top.rss_bytes, top.bytes_per_conn, top.base_rss_bytes, top.r2, top.fit_on],
    ['nginx', '2', '2000', '2000', '10960000', '480', '10000000', '1', 'held'],
  );
  assert.equal(rows[1]!.bytes_per_conn, '480', 'the fit is on every row of the ladder');
});

test('a run recorded before ladders existed still renders: no connections.csv, no memory section', () => {
  const record = runWithLadders([{ variant: 'nginx', repetition: 1 }]);
  record.scenario.phases = [{ name: 'steady', warmup: false, duration: 1000, traffic: { loop: 'closed', connections: 4 } }];
  const files = renderRunOutputs(record);
  assert.equal(files.has('connections.csv'), false);
  assert.doesNotMatch(files.get('report.md')!, /Memory per connection/);
});
