// The retry bounds: per phase, and the run's time budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenarioText } from '../scenario/parse.js';
import { retryBudget, retryBudgetMs } from './retry-budget.js';

test('a phase gets at most maxPerPhase re-runs, and the run no more retry time than its budget', () => {
  const b = retryBudget(2, 10_000);
  assert.deepEqual(b.decide(1, 3000), { retry: true });
  assert.deepEqual(b.decide(2, 3000), { retry: true });
  assert.equal(b.decide(3, 3000).retry, false, 'the third re-run is one too many');
  b.spend(3000);
  b.spend(3000);
  b.spend(3000);
  const over = b.decide(1, 3000);
  assert.equal(over.retry, false);
  assert.match(over.retry ? '' : over.why, /retry time budget \(10 s, 9 s used\) is spent/);
  const off = retryBudget(0, 10_000).decide(1, 1);
  assert.match(off.retry ? '' : off.why, /retries are off/);
});

test('the budget is the run\'s measured open- and closed-loop time (warm-ups and ladders not counted), at least the retries of its longest phase', () => {
  const parsed = parseScenarioText(`name: t
variants: [direct]
repetitions: 3
phases:
  - { name: warm, warmup: true, duration: 1s, traffic: { loop: closed, connections: 8 } }
  - { name: closed, duration: 2s, traffic: { loop: closed, connections: 8 } }
  - { name: open, duration: 3s, traffic: { loop: open, rate: 100/s } }
  - { name: idle, duration: 30s, traffic: { loop: ladder, kind: idle, steps: [0, 10] } }
`, 't.yaml');
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
  const scenario = parsed.value.scenario;
  assert.equal(retryBudgetMs(scenario, 2), (2000 + 3000) * 3 * 2);
  assert.equal(retryBudgetMs({ ...scenario, repetitions: 1, phases: scenario.phases.slice(2, 3) }, 1), 3000 * 2, 'a one-phase run still gets its retries');
  assert.equal(scenario.retries, 2, 'the default');
});
