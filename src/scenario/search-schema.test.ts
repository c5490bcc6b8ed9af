// Rate-search phases in scenario files: defaults, and every bad input refused at load with its line and the fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOverrides } from './load.js';
import { parseScenarioText } from './parse.js';

const scenario = (traffic: string, duration = '10s') => `name: t
variants: [nginx]
phases:
  - name: capacity
    duration: ${duration}
    traffic: ${traffic}
`;

test('a search phase parses with its defaults', () => {
  const r = parseScenarioText(scenario('{ loop: search, slo: { p99: 10ms, p999: 50ms }, from: 1000/s, to: 32000/s }'), 's.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
  const t = r.value.scenario.phases[0]!.traffic;
  assert.ok(t.loop === 'search');
  assert.deepEqual(t, { loop: 'search', slo: { p99: 10, p999: 50, errorRatePct: 0.1 }, from: 1000, to: 32_000, connections: 64, settle: 1000, maxSteps: 10, resolutionPct: 5 });
});

test('an SLO without a percentile, an empty range, a rate the generator cannot schedule: clear errors at load', () => {
  const r = parseScenarioText(scenario('{ loop: search, slo: { errorRatePct: 1 }, from: 4000/s, to: 2000000/s }'), 's.yaml');
  assert.ok(!r.ok);
  const all = r.problems.join('\n');
  assert.match(all, /phases\[0\]\.traffic\.slo: needs a latency percentile to search against: add p99/);
  assert.match(all, /phases\[0\]\.traffic\.to: the generator cannot schedule more than 1000000\/s; lower to/);
  const empty = parseScenarioText(scenario('{ loop: search, slo: { p99: 10ms }, from: 4000/s, to: 4000/s }'), 's.yaml');
  assert.ok(!empty.ok);
  assert.match(empty.problems.join('\n'), /s\.yaml:\d+:\d+ phases\[0\]\.traffic\.to: the search range is empty: to \(4000\/s\) must be above from \(4000\/s\)/);
});

test('steps too short to settle, too few responses for the percentile, a range the steps cannot reach', () => {
  const short = parseScenarioText(scenario('{ loop: search, slo: { p99: 10ms }, from: 1000/s, to: 8000/s, settle: 2s }', '2500ms'), 's.yaml');
  assert.ok(!short.ok);
  assert.match(short.problems.join('\n'), /phases\[0\]\.duration: a step is too short to settle: .*make it at least 3000 ms/);
  const few = parseScenarioText(scenario('{ loop: search, slo: { p999: 10ms }, from: 100/s, to: 8000/s }', '3s'), 's.yaml');
  assert.ok(!few.ok);
  assert.match(few.problems.join('\n'), /phases\[0\]\.traffic\.from: the lowest step measures only 200 responses, too few for p99\.9 \(needs 1000\)/);
  const far = parseScenarioText(scenario('{ loop: search, slo: { p99: 10ms }, from: 10/s, to: 100000/s, maxSteps: 6 }', '30s'), 's.yaml');
  assert.ok(!far.ok);
  assert.match(far.problems.join('\n'), /phases\[0\]\.traffic\.maxSteps: doubling from 10\/s reaches to \(100000\/s\) only after 15 steps/);
  const frac = parseScenarioText(scenario('{ loop: search, slo: { p99: 10ms }, from: 1000/s, to: 8000/s, settle: 1500ms }'), 's.yaml');
  assert.ok(!frac.ok);
  assert.match(frac.problems.join('\n'), /traffic\.settle: must be whole seconds/);
});

test('--quick shortens search steps but keeps them long enough to settle', () => {
  const r = parseScenarioText(scenario('{ loop: search, slo: { p99: 10ms }, from: 1000/s, to: 8000/s, settle: 2s }'), 's.yaml');
  assert.ok(r.ok);
  assert.equal(applyOverrides(r.value.scenario, { quick: true }).phases[0]!.duration, 3000);
});
