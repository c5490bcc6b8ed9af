// probes.csv: the pinned header and rows from a literal record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { cellsFor, fixtureRecord, probeResult } from '../../testing/record-fixture.js';
import { renderRunOutputs } from '../write-outputs.js';
import { probesSpec } from './probes-spec.js';

test('probes.csv header is pinned: columns are only ever appended', () => {
  assert.deepEqual(probesSpec.columns.map((c) => c.name).slice(0, 17), [
    'run_id', 'scenario', 'variant', 'variant_version', 'repetition', 'probe', 'category', 'tier', 'verdict', 'pass', 'attempts',
    'client_status', 'client_closed', 'upstream_requests', 'reason', 'evidence', 'duration_ms',
  ]);
});

const result = probeResult;

test('one row per cell × probe; the report gets the verdict matrix', () => {
  const record = fixtureRecord('r', cellsFor('nginx', [1000]), { cellExtras: { probes: [result('01-cl-te', 'REJECT', true), result('30-h2-cl', 'SKIPPED', null)] } });
  const files = renderRunOutputs(record);
  const rows = parse(files.get('probes.csv')!, { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r.variant, r.probe, r.verdict, r.pass, r.client_closed]), [['nginx', '01-cl-te', 'REJECT', 'TRUE', 'fin'], ['nginx', '30-h2-cl', 'SKIPPED', '', '']]);
  assert.match(rows[0]!.evidence!, /client 400, closed \(fin\); upstream: nothing framed; victim 200 \(\/victim\)/);
  assert.match(files.get('report.md')!, /## Probe verdicts/);
});
