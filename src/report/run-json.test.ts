// run.json as the code writes it reads back through the validated reader field for field: the golden run, every fixture, random cells.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseRunRecord } from '../record/read.js';
import type { RunRecord } from '../record/run.js';
import { repoRoot } from '../testing/cli.js';
import { ladder, runWithLadders, step } from '../testing/ladder-records.js';
import { attackPhase, cellsFor, fixtureRecord, probeResult, type FixtureCell } from '../testing/record-fixture.js';
import { searchRecord, withSearches } from '../testing/search-records.js';
import { renderRunOutputs } from './write-outputs.js';

const goldenText = readFileSync(join(repoRoot, 'src', 'testing', 'fixtures', 'golden', 'run.json'), 'utf8');

/** The run.json the code writes for a record, read back. */
const roundTrip = (record: RunRecord) => {
  const written = renderRunOutputs(record).get('run.json')!;
  return { written, read: parseRunRecord(written) };
};

test('the golden run (a real run of an earlier version 1: ports without auto/TLS) reads back unchanged', () => {
  assert.deepEqual(parseRunRecord(goldenText), JSON.parse(goldenText));
});

test('records the code writes read back field for field: fixtures with probes, attacks, ladders, searches', () => {
  const withAll = fixtureRecord('all', [...cellsFor('nginx', [900, 1100]), ...cellsFor('direct', [500])]);
  withAll.cells[0]!.probes = [probeResult('01-cl-te', 'REJECT', true), probeResult('30-h2-cl', 'SKIPPED', null)];
  withAll.cells[0]!.phases.push(attackPhase('nginx', 'slowloris', 'closed', 3000));
  const records = [
    withAll,
    runWithLadders([{ variant: 'nginx', repetition: 1, ladders: [ladder('idle', [step(0, 1e6), step(1000, 3e6, null)])] }]),
    withSearches(fixtureRecord('s', cellsFor('nginx', [1000])), { nginx: [searchRecord([[1000, 500], [2000, 'invalid'], [4000, 20_000]])] }),
  ];
  for (const record of records) {
    const { written, read } = roundTrip(record);
    assert.deepEqual(read, JSON.parse(written), record.runId);
  }
});

test('property: any mix of cells the fixture can make (open or closed, saturated, invalid, failed) reads back as written', () => {
  const cell = fc.record({
    variant: fc.constantFrom('direct', 'nginx', 'haproxy'),
    repetition: fc.integer({ min: 1, max: 3 }),
    status: fc.constantFrom('ok', 'ok', 'crashed', 'start-failed', 'failed', 'interrupted'),
    latencyUs: fc.integer({ min: 1, max: 10_000_000 }),
    rps: fc.double({ min: 0, max: 1e6, noNaN: true }),
    cpuPer1k: fc.double({ min: 0, max: 10, noNaN: true }),
    valid: fc.boolean(),
    saturated: fc.boolean(),
  }) as fc.Arbitrary<FixtureCell>;
  fc.assert(
    fc.property(fc.array(cell, { minLength: 1, maxLength: 5 }), fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }), (cells, openRatePerSec) => {
      const record = fixtureRecord('p', cells.map((c) => ({ ...c, openRatePerSec })));
      const { written, read } = roundTrip(record);
      assert.deepEqual(read, JSON.parse(written));
    }),
    { numRuns: 60 },
  );
});

