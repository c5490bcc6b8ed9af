// Tests for the rate ladder/bisection against a fake trial with a known capacity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMaxRate } from './ladder.js';

const capacity = (max: number) => async (rate: number) => ({ passed: rate <= max, achievedShare: 1, detail: '' });

test('climbs to the first failure, then bisects', async () => {
  const r = await findMaxRate(capacity(1000), { startPerSec: 800, growth: 1.2, maxSteps: 6, bisectSteps: 3 });
  assert.deepEqual(r.trials.map((t) => t.ratePerSec), [800, 960, 1152, 1056, 1008, 984]);
  assert.equal(r.bestPerSec, 984);
});

test('steps down when the start fails, and gives up within maxSteps', async () => {
  const down = await findMaxRate(capacity(500), { startPerSec: 800, growth: 1.25, maxSteps: 6, bisectSteps: 1 });
  assert.deepEqual(down.trials.map((t) => t.ratePerSec), [800, 640, 512, 410, 461]);
  assert.equal(down.bestPerSec, 461);
  const never = await findMaxRate(capacity(0), { startPerSec: 800, growth: 2, maxSteps: 4, bisectSteps: 3 });
  assert.equal(never.trials.length, 4);
  assert.equal(never.bestPerSec, undefined);
});
