// Ladder phases in scenario files: defaults per kind, every mistake reported with its line, and the --quick form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOverrides } from './load.js';
import { parseScenarioText } from './parse.js';
import { resolveLadder } from './ladder-schema.js';

const scenario = (ladder: string, extra = '') => `name: t
variants: [nginx]
${extra}phases:
  - name: idle
    duration: 40s
    traffic: ${ladder}
`;

test('a ladder phase parses with its defaults; kind-dependent defaults are resolved with the upstream body', () => {
  const r = parseScenarioText(scenario('{ loop: ladder, kind: idle, steps: [0, 500, 1000] }'), 'm.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
  const traffic = r.value.scenario.phases[0]!.traffic;
  assert.equal(traffic.loop, 'ladder');
  assert.ok(traffic.loop === 'ladder');
  assert.deepEqual(traffic.settle, { interval: 100, window: 5, tolerancePct: 0.5, maxWait: 5000 });
  assert.deepEqual(resolveLadder(traffic, 1024), {
    kind: 'idle', steps: [0, 500, 1000], requestBodyBytes: 0, responseBodyBytes: 1024, activeIntervalMs: null,
    settle: { intervalMs: 100, window: 5, tolerancePct: 0.5, maxWaitMs: 5000 },
  });
  const buffered = resolveLadder({ ...traffic, kind: 'buffered' }, 1024);
  assert.equal(buffered.requestBodyBytes, 16384);
  assert.equal(buffered.responseBodyBytes, 16384);
  assert.equal(resolveLadder({ ...traffic, kind: 'active' }, 1024).activeIntervalMs, 1000);
});

test('ladder mistakes are all reported, each with its line and the fix', () => {
  const text = `name: t
variants: [nginx]
phases:
  - name: idle
    warmup: true
    duration: 40s
    traffic:
      loop: ladder
      kind: idle
      steps: [0, 2000, 1000]
      interval: 1s
      responseBody: 2MiB
      settle: { interval: 100ms, window: 20, maxWait: 1s }
`;
  const r = parseScenarioText(text, 'm.yaml');
  assert.ok(!r.ok);
  const all = r.problems.join('\n');
  assert.match(all, /m\.yaml:5:5 phases\[0\]\.warmup: a connection ladder is a measurement and cannot be a warm-up/);
  assert.match(all, /phases\[0\]\.traffic\.steps\[2\]: steps must increase: 1000 comes after 2000/);
  assert.match(all, /m\.yaml:11:7 phases\[0\]\.traffic\.interval: only kind: active sends requests/);
  assert.match(all, /phases\[0\]\.traffic\.responseBody: must be at most 1MiB/);
  assert.match(all, /phases\[0\]\.traffic\.settle\.maxWait: must be at least interval × window \(2000 ms\)/);
  assert.match(all, /phases: needs at least one measured phase/); // the only phase was made a warm-up
  assert.equal(r.problems.length, 6);
});

test('schema errors inside a ladder: unknown keys get a suggestion, a bad kind lists the choices', () => {
  const r = parseScenarioText(scenario('{ loop: ladder, kind: sleepy, stepz: [0, 10] }'), 'm.yaml');
  assert.ok(!r.ok);
  const all = r.problems.join('\n');
  assert.match(all, /traffic\.stepz: unknown key "stepz"; did you mean "steps"\?/);
  assert.match(all, /traffic\.kind: .*"idle"\|"buffered"\|"active"|traffic\.kind: .*idle.*buffered.*active/);
});

test('an active ladder asking for too high a request rate is refused', () => {
  const r = parseScenarioText(scenario('{ loop: ladder, kind: active, interval: 100ms, steps: [0, 2000] }'), 'm.yaml');
  assert.ok(!r.ok);
  assert.match(r.problems.join('\n'), /the top step sends 20000 requests\/s/);
});

test('--quick keeps a ladder’s time limit and shape, at a tenth of the connections and shorter waits', () => {
  const r = parseScenarioText(scenario('{ loop: ladder, kind: idle, steps: [0, 500, 1000, 8000] }'), 'm.yaml');
  assert.ok(r.ok);
  const quick = applyOverrides(r.value.scenario, { quick: true }).phases[0]!;
  assert.equal(quick.duration, 40_000);
  assert.ok(quick.traffic.loop === 'ladder');
  assert.deepEqual(quick.traffic.steps, [0, 50, 100, 800]);
  assert.equal(quick.traffic.settle.maxWait, 2000);
});
