// The gate on saturation: a candidate that saturates where the baseline did not fails; `direct` is context, never judged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from './compare.js';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';

const run = (record: ReturnType<typeof fixtureRecord>) => ({ record, runDir: `/runs/${record.runId}` });
const open = (rps: number, saturated = false) => ({ openRatePerSec: 2000, rps, saturated });

test('a candidate that saturates at the offered rate where the baseline held it fails, even with one repetition a side', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [1000], open(2000)));
  const cand = fixtureRecord('cand', cellsFor('nginx', [250_000], open(1400, true)));
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  assert.equal(result.verdict, 'fail');
  const check = result.checks.find((c) => c.metric === 'saturation')!;
  assert.equal(check.verdict, 'fail');
  assert.match(check.message, /saturated where the baseline did not: 2000\/s → 1400\/s of 2000\/s offered \(-30\.0%\), beyond −5%/);
  assert.equal(result.checks.find((c) => c.metric === 'p99_us')!.verdict, 'inconclusive', 'the noise test alone could not have failed it');
});

test('a candidate marked saturated whose rate dropped within the threshold passes that check', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000], open(2000)));
  const cand = fixtureRecord('cand', cellsFor('nginx', [1000, 1000, 1000], open(1960, true)));
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  const check = result.checks.find((c) => c.metric === 'saturation')!;
  assert.equal(check.verdict, 'pass');
  assert.match(check.message, /dropped within −5%/);
  assert.equal(result.verdict, 'pass');
});

test('saturated on both sides: no saturation check, the figures are judged like any other', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [9000, 9000, 9000], open(1500, true)));
  const cand = fixtureRecord('cand', cellsFor('nginx', [9000, 9000, 9000], open(1500, true)));
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  assert.ok(!result.checks.some((c) => c.metric === 'saturation'));
  assert.equal(result.verdict, 'pass');
});

test('direct is context: its invalid or changed phases never make the verdict inconclusive or failed', () => {
  const base = fixtureRecord('base', [...cellsFor('direct', [500], { valid: false }), ...cellsFor('nginx', [1000, 1000, 1000])]);
  const cand = fixtureRecord('cand', [...cellsFor('direct', [900]), ...cellsFor('nginx', [1000, 1000, 1000])]);
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  assert.equal(result.verdict, 'pass');
  assert.ok(!result.checks.some((c) => c.variant === 'direct'));
  assert.ok(!result.unmatched.some((u) => u.key.variant === 'direct'));
});
