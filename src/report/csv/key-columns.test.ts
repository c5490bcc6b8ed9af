// The shared key columns: same names in the same order at the start of every per-cell CSV, read from the row's record and cell.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureRecord } from '../../testing/record-fixture.js';
import { toTable } from './columns.js';
import { connectionsSpec } from './connections-spec.js';
import { cellKey, keyColumns } from './key-columns.js';
import { summaryRows } from '../../analyze/rows.js';
import { summarySpec } from './summary-spec.js';

const names = ['run_id', 'scenario', 'variant', 'variant_version', 'repetition'];

test('summary.csv and connections.csv open with the same five key columns', () => {
  for (const spec of [summarySpec, connectionsSpec]) assert.deepEqual(spec.columns.slice(0, 5).map((c) => c.name), names, spec.file);
  assert.deepEqual(keyColumns(cellKey, { withVersion: false }).map((c) => c.name), ['run_id', 'scenario', 'variant', 'repetition']);
});

test('key cells come from the record and the cell', () => {
  const record = fixtureRecord('run-7', [{ variant: 'nginx', repetition: 2 }]);
  const [header, row] = toTable({ ...summarySpec, columns: keyColumns(cellKey) }, summaryRows(record));
  assert.deepEqual(header, names);
  assert.deepEqual(row, ['run-7', 'fixture', 'nginx', '1.0', 2]);
});
