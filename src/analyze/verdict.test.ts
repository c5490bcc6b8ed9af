// The verdict figures on literal records: tail cost over direct, CPU per 1k, bytes per connection, probe failures, problems.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureRecord } from '../testing/record-fixture.js';
import { ladder, step } from '../testing/ladder-records.js';
import { runVerdict } from './verdict.js';

function record() {
  const r = fixtureRecord('v', [
    { variant: 'direct', repetition: 1, latencyUs: 500 },
    { variant: 'nginx', repetition: 1, latencyUs: 1500, cpuPer1k: 0.02 },
    { variant: 'pingora', repetition: 1, latencyUs: 1200, cpuPer1k: 0.01 },
    { variant: 'haproxy', repetition: 1, latencyUs: 900, valid: false },
  ]);
  r.scenario.phases.push({ name: 'idle-connections', warmup: false, duration: 20_000, traffic: { loop: 'ladder', kind: 'idle', steps: [0, 1000, 2000] } } as never);
  const cell = (v: string) => r.cells.find((c) => c.variant === v)!;
  cell('nginx').ladders = [ladder('idle-connections', [step(0, 10_000_000), step(1000, 10_500_000), step(2000, 11_000_000)], { fit: { bytesPerConn: 500, baseBytes: 10_000_000, r2: 1, points: 3 } })];
  // Flat steps with the fit an older record kept: read as not measured.
  cell('pingora').ladders = [ladder('idle-connections', [step(0, 9_000_000), step(1000, 9_000_000), step(2000, 9_000_000)], { fit: { bytesPerConn: 0, baseBytes: 9_000_000, r2: 1, points: 3 } })];
  cell('nginx').probes = [{ probe: 'a', pass: true, verdict: 'REJECT' }, { probe: 'b', pass: false, verdict: 'DESYNC' }] as never;
  return r;
}

test('per proxy: Δp99 and Δp99.9 against direct, CPU per 1k, bytes per connection, probe failures', () => {
  const v = runVerdict(record());
  assert.deepEqual(v.phases, ['closed']);
  assert.equal(v.cpuPhase, 'closed');
  assert.equal(v.ladder, 'idle-connections');
  assert.ok(v.hasDirect);
  assert.deepEqual(v.variants.map((x) => x.variant), ['nginx', 'pingora', 'haproxy'], 'the proxies that ran, direct left out');
  const nginx = v.variants[0]!;
  assert.deepEqual(nginx.phases, [{ phase: 'closed', deltaP99Us: 1500 - 500, deltaP999Us: 1500 - 500, problem: null }]);
  assert.equal(nginx.cpuSPer1k, 0.02);
  assert.equal(nginx.bytesPerConn, 500);
  assert.equal(nginx.memoryProblem, null);
  assert.deepEqual(nginx.probes, { failed: 1, judged: 2 });
});

test('an unmeasurable ladder, an invalid phase and a missing ladder say so instead of a figure', () => {
  const [, pingora, haproxy] = runVerdict(record()).variants;
  assert.equal(pingora!.bytesPerConn, null);
  assert.match(pingora!.memoryProblem!, /^not measured: RSS moved by 0 B/);
  assert.equal(pingora!.probes, null);
  assert.equal(haproxy!.phases[0]!.deltaP99Us, null);
  assert.equal(haproxy!.phases[0]!.problem, 'generator fell behind');
  assert.equal(haproxy!.cpuSPer1k, null);
  assert.equal(haproxy!.memoryProblem, 'ladder not run');
});

test('without direct, no Δ', () => {
  const v = runVerdict(fixtureRecord('n', [{ variant: 'nginx', repetition: 1 }]));
  assert.equal(v.hasDirect, false);
  assert.equal(v.variants[0]!.phases[0]!.deltaP99Us, null);
  assert.equal(v.ladder, null);
});
