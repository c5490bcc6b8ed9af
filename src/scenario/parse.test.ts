// Unit tests of scenario validation: defaults, every problem reported with its line, rules across fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyOverrides } from './load.js';
import { parseScenarioText } from './parse.js';

const valid = `
name: t
variants: [direct, nginx]
phases:
  - name: warm
    warmup: true
    duration: 1s
    traffic: { loop: closed, connections: 10 }
  - name: steady
    duration: 5s
    traffic: { loop: open, rate: 2000/s }
`;

test('a valid scenario gets its defaults and parsed units', () => {
  const r = parseScenarioText(valid, 's.yaml');
  assert.ok(r.ok);
  const s = r.value.scenario;
  assert.equal(s.runtime, 'local');
  assert.equal(s.repetitions, 1);
  assert.deepEqual(s.cpus, { generator: '0', proxy: '1', upstream: '1' });
  assert.equal(s.upstream.responseBody, 1024);
  assert.equal(s.phases[1]!.duration, 5000);
  assert.deepEqual(s.phases[1]!.traffic, { loop: 'open', rate: 2000, connections: 64 });
  assert.match(r.value.sha256, /^[0-9a-f]{64}$/);
});

test('three mistakes give three problems, each with line, path and what is allowed', () => {
  const text = `name: bad
variants: [direct]
upstream:
  responseBody: 1KiBB
phases:
  - name: steady
    duraton: 5s
    traffic: { loop: open, rate: fast }
`;
  const r = parseScenarioText(text, 'bad.yaml');
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 3, r.problems.join('\n'));
  assert.ok(r.problems.some((p) => p.startsWith('bad.yaml:4:3 upstream.responseBody: expected a size')));
  assert.ok(r.problems.some((p) => p.startsWith('bad.yaml:7:5 phases[0].duraton: unknown key "duraton"; did you mean "duration"?')));
  assert.ok(r.problems.some((p) => p.startsWith('bad.yaml:8:') && p.includes('traffic.rate: expected a rate like 5000/s')));
});

test('unknown loop kind names the allowed values', () => {
  const r = parseScenarioText(valid.replace('loop: open', 'loop: half-open'), 's.yaml');
  assert.ok(!r.ok);
  assert.match(r.problems.join('\n'), /phases\[1\]\.traffic\.loop: .*closed.*open/);
});

test('rules: warm-up after a measured phase, duplicate names, same ports', () => {
  const text = `name: r
variants: [direct, direct]
ports: { proxy: 20000, upstream: 20000 }
phases:
  - name: a
    duration: 1s
    traffic: { loop: closed, connections: 1 }
  - name: a
    warmup: true
    duration: 1s
    traffic: { loop: closed, connections: 1 }
`;
  const r = parseScenarioText(text, 'r.yaml');
  assert.ok(!r.ok);
  const all = r.problems.join('\n');
  assert.match(all, /phases\[1\]\.warmup: warm-up phases must come before/);
  assert.match(all, /phases\[1\]\.name: phase name "a" is used twice/);
  assert.match(all, /variants\[1\]: variant "direct" is listed twice/);
  assert.match(all, /ports\.upstream: must differ/);
});

test('YAML syntax errors are reported with their line', () => {
  const r = parseScenarioText('name: x\nvariants: [direct\n', 'y.yaml');
  assert.ok(!r.ok);
  assert.match(r.problems[0]!, /^y\.yaml:\d+:\d+ YAML syntax/);
});

test('--quick shortens phases; --repeat and --variants override', () => {
  const r = parseScenarioText(valid, 's.yaml');
  assert.ok(r.ok);
  const s = applyOverrides(r.value.scenario, { quick: true, repeat: 3, variants: ['nginx'] });
  assert.deepEqual(s.phases.map((p) => p.duration), [1000, 3000]);
  assert.equal(s.repetitions, 3);
  assert.deepEqual(s.variants, ['nginx']);
});

test('generatorWarmup: 6 s by default, capped at quick.generatorWarmup under --quick; too short names the field and the range', () => {
  const r = parseScenarioText(valid, 's.yaml');
  assert.ok(r.ok);
  assert.equal(r.value.scenario.generatorWarmup, 6000);
  assert.equal(applyOverrides(r.value.scenario, {}).generatorWarmup, 6000);
  assert.equal(applyOverrides(r.value.scenario, { quick: true }).generatorWarmup, 2000);
  const short = parseScenarioText(`generatorWarmup: 1s\n${valid}`, 's.yaml');
  assert.ok(short.ok);
  assert.equal(applyOverrides(short.value.scenario, { quick: true }).generatorWarmup, 1000);
  const bad = parseScenarioText(`generatorWarmup: 10ms\n${valid}`, 's.yaml');
  assert.ok(!bad.ok);
  assert.match(bad.problems.join('\n'), /generatorWarmup.*300/);
});
