// Merging whole runs of one scenario: cells become repetitions, nothing is re-measured; mismatched runs are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../shared/errors.js';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';
import { mergeRuns } from './merge.js';

test('two runs of one scenario: their cells become repetitions 1…N per variant, histograms untouched', () => {
  const a = fixtureRecord('run-a', [...cellsFor('nginx', [1000, 1100]), ...cellsFor('direct', [500])]);
  const b = fixtureRecord('run-b', [...cellsFor('nginx', [1200]), ...cellsFor('haproxy', [900])]);
  const merged = mergeRuns([{ label: 'a', record: a }, { label: 'b', record: b }], 'merged');
  assert.deepEqual(merged.cells.map((c) => [c.variant, c.repetition]), [['nginx', 1], ['nginx', 2], ['direct', 1], ['nginx', 3], ['haproxy', 1]]);
  assert.equal(merged.cells[3]!.phases[0]!.traffic.latencyUs, b.cells[0]!.phases[0]!.traffic.latencyUs);
  assert.deepEqual(merged.variants.map((v) => v.name), ['nginx', 'direct', 'haproxy']);
  assert.equal(merged.scenario.repetitions, 3);
  assert.deepEqual(merged.provenance.mergedFrom, { kind: 'runs', sources: ['run-a', 'run-b'] });
  assert.equal(merged.runId, 'merged');
});

test('runs of different scenarios, or one still running, are refused with every problem', () => {
  const a = fixtureRecord('run-a', cellsFor('nginx', [1000]));
  const other = { ...fixtureRecord('run-b', cellsFor('nginx', [1000])), status: 'running' as const };
  other.scenario = { ...other.scenario, name: 'other' };
  assert.throws(() => mergeRuns([{ label: 'a', record: a }, { label: 'b', record: other }], 'm'), (e: unknown) =>
    e instanceof ConfigError && e.problems.length === 2 && /scenario "other"/.test(e.problems[0]!) && /still in progress/.test(e.problems[1]!));
  assert.throws(() => mergeRuns([{ label: 'a', record: a }], 'm'), (e: unknown) => e instanceof ConfigError && /at least two runs/.test(e.problems[0]!));
});
