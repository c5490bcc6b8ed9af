// The gate on the rate at SLO: a drop beyond the rps threshold fails, within it passes; generator-bound figures are not the proxy's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from './compare.js';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';
import { searchRecord, withSearches } from '../testing/search-records.js';

const run = (record: ReturnType<typeof fixtureRecord>) => ({ record, runDir: `/runs/${record.runId}` });
/** A search whose knee is at `rate`: within there, beyond 4% above it. */
const kneeAt = (rate: number) => searchRecord([[1000, 1000], [rate, 2000], [Math.round(rate * 1.04), 50_000]]);
const records = (id: string, rates: number[]) => withSearches(fixtureRecord(id, cellsFor('nginx', rates.map(() => 1000))), { nginx: rates.map(kneeAt) });

test('a rate at SLO that drops beyond the threshold in every repetition fails', () => {
  const result = compareRuns({ baseline: run(records('base', [8000, 8100, 8050])), candidate: run(records('cand', [6000, 6100, 6050])), flags: {} });
  const check = result.checks.find((c) => c.metric === 'rate_at_slo_rps')!;
  assert.equal(check.verdict, 'fail', check.message);
  assert.match(check.message, /rate at SLO regressed: 8050\/s → 6050\/s/);
  assert.equal(result.verdict, 'fail');
});

test('a drop within the threshold passes; a run compared with itself passes', () => {
  const base = records('base', [8000, 8100, 8050]);
  const within = compareRuns({ baseline: run(base), candidate: run(records('cand', [7800, 7900, 7850])), flags: {} });
  assert.equal(within.checks.find((c) => c.metric === 'rate_at_slo_rps')!.verdict, 'pass');
  const self = compareRuns({ baseline: run(base), candidate: run(base), flags: {} });
  assert.equal(self.checks.find((c) => c.metric === 'rate_at_slo_rps')!.verdict, 'pass');
  assert.equal(self.verdict, 'pass');
});

test('a generator-bound search is not the proxy’s figure: no value, and the check says why', () => {
  const base = records('base', [8000]);
  const bound = withSearches(fixtureRecord('cand', cellsFor('nginx', [1000])), { nginx: [searchRecord([[1000, 1000], [2000, 'invalid'], [2000, 'invalid']])] });
  const check = compareRuns({ baseline: run(base), candidate: run(bound), flags: {} }).checks.find((c) => c.metric === 'rate_at_slo_rps')!;
  assert.equal(check.verdict, 'inconclusive');
  assert.deepEqual(check.candidateValues, []);
  assert.match(check.message, /#1 ≥ 1000\/s \(generator-bound: it fell behind at 2000\/s\)/);
});

test('a candidate that never meets the SLO where the baseline did counts as 0, not as missing', () => {
  const base = records('base', [8000, 8000, 8000]);
  const never = withSearches(fixtureRecord('cand', cellsFor('nginx', [1000, 1000, 1000])), { nginx: [1, 2, 3].map(() => searchRecord([[1000, 90_000]])) });
  const check = compareRuns({ baseline: run(base), candidate: run(never), flags: {} }).checks.find((c) => c.metric === 'rate_at_slo_rps')!;
  assert.deepEqual(check.candidateValues, [0, 0, 0]);
  assert.equal(check.verdict, 'fail');
});
