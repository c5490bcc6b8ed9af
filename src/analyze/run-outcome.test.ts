// What a run measured, from literal records: measured phases without a valid repetition are counted and named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';
import { describeMissingResults, runOutcome } from './run-outcome.js';

test('every measured variant × phase valid: no missing-result line', () => {
  const outcome = runOutcome(fixtureRecord('r', [...cellsFor('direct', [400, 410]), ...cellsFor('nginx', [900, 950])]));
  assert.equal(outcome.measured, 1, 'the direct reference row is not a measured proxy phase');
  assert.deepEqual(outcome.withoutResult, []);
  assert.equal(describeMissingResults(outcome), null);
});

test('a variant × phase whose every repetition is invalid or crashed has no valid result; one valid repetition is enough', () => {
  const outcome = runOutcome(fixtureRecord('r', [
    ...cellsFor('direct', [400, 410]),
    { variant: 'nginx', repetition: 1, latencyUs: 900, valid: false },
    { variant: 'nginx', repetition: 2, latencyUs: 900 },
    ...cellsFor('haproxy', [5000, 5000], { valid: false }),
    { variant: 'caddy', repetition: 1, status: 'crashed' },
  ]));
  assert.equal(outcome.measured, 3);
  assert.deepEqual(outcome.withoutResult.map((p) => p.variant).sort(), ['caddy', 'haproxy']);
  assert.deepEqual(outcome.withoutResult.find((p) => p.variant === 'haproxy')!.reasons, ['generator fell behind']);
  assert.equal(describeMissingResults(outcome), '2 of 3 measured phases have no valid result');
});

test('the direct reference row without a valid result is shown as context, never counted as a missing result', () => {
  const outcome = runOutcome(fixtureRecord('r', [
    ...cellsFor('direct', [400, 410], { valid: false }),
    ...cellsFor('nginx', [900, 950]),
  ]));
  assert.deepEqual(outcome.withoutResult, []);
  assert.equal(describeMissingResults(outcome), null);
  assert.deepEqual(outcome.referenceWithoutResult.map((p) => [p.variant, p.reasons]), [['direct', ['generator fell behind']]]);
});
