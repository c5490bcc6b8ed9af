// compareRuns over literal run records: matching, thresholds from flags / slo / defaults, failed cells, invalid phases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from './compare.js';
import { ladder, step } from '../testing/ladder-records.js';
import { cellsFor, fixtureRecord, probeResult } from '../testing/record-fixture.js';

const run = (record: ReturnType<typeof fixtureRecord>) => ({ record, runDir: `/runs/${record.runId}` });

test('a run compared with itself passes', () => {
  const r = fixtureRecord('base', [...cellsFor('direct', [500, 520, 510]), ...cellsFor('nginx', [1000, 1100, 1050])]);
  const result = compareRuns({ baseline: run(r), candidate: run(r), flags: {} });
  assert.equal(result.verdict, 'pass');
  assert.ok(result.checks.length >= 5);
  assert.ok(!result.checks.some((c) => c.variant === 'direct'), 'direct is context, not judged');
});

test('a p99 regression of one variant fails that cell only, with figures and threshold', () => {
  const base = fixtureRecord('base', [...cellsFor('direct', [500, 510, 505]), ...cellsFor('nginx', [1000, 1010, 1005])]);
  const cand = fixtureRecord('cand', [...cellsFor('direct', [500, 510, 505]), ...cellsFor('nginx', [1500, 1510, 1520])]);
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  assert.equal(result.verdict, 'fail');
  const failed = result.checks.filter((c) => c.verdict === 'fail');
  assert.deepEqual(failed.map((c) => `${c.variant}/${c.phase}/${c.metric}`).sort(), ['nginx/closed/p999_us', 'nginx/closed/p99_us']);
  assert.equal(failed.find((c) => c.metric === 'p99_us')!.thresholdPct, 10);
});

test('thresholds: flag over scenario slo over default', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000]));
  const cand = fixtureRecord('cand', cellsFor('nginx', [1300, 1300, 1300]), { slo: { p99RegressionPct: 50, p999RegressionPct: 50 } });
  const fromSlo = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  assert.equal(fromSlo.thresholds.p99RegressionPct.source, 'scenario');
  assert.equal(fromSlo.thresholds.rpsDropPct.source, 'default');
  assert.equal(fromSlo.verdict, 'pass', '+30% is within the scenario’s 50%');
  const fromFlag = compareRuns({ baseline: run(base), candidate: run(cand), flags: { p99RegressionPct: 20 } });
  assert.equal(fromFlag.thresholds.p99RegressionPct.source, 'flag');
  assert.equal(fromFlag.verdict, 'fail');
});

test('one repetition a side with a change: inconclusive', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [1000]));
  const cand = fixtureRecord('cand', cellsFor('nginx', [1400]));
  assert.equal(compareRuns({ baseline: run(base), candidate: run(cand), flags: {} }).verdict, 'inconclusive');
});

test('a candidate cell that crashes fails the cells check; invalid candidate phases are not compared', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000]));
  const cand = fixtureRecord('cand', [
    { variant: 'nginx', repetition: 1, latencyUs: 1200 },
    { variant: 'nginx', repetition: 2, status: 'crashed' },
    { variant: 'nginx', repetition: 3, latencyUs: 99_000, valid: false },
  ]);
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  const cells = result.checks.find((c) => c.metric === 'cells_failed')!;
  assert.equal(cells.verdict, 'fail');
  assert.match(cells.message, /1\/3 in the candidate/);
  const p99 = result.checks.find((c) => c.metric === 'p99_us')!;
  assert.deepEqual(p99.candidateValues, [1200], 'the invalid phase’s 99 ms is never used');
  assert.equal(p99.verdict, 'inconclusive');
});

test('a cell only the candidate has is listed, not judged; one only the baseline has fails the gate', () => {
  const base = fixtureRecord('base', [...cellsFor('nginx', [1000]), ...cellsFor('haproxy', [900])]);
  const cand = fixtureRecord('cand', [...cellsFor('nginx', [1000]), ...cellsFor('caddy', [1200])]);
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  assert.deepEqual(result.unmatched.map((u) => `${u.side}:${u.key.variant}`), ['candidate:caddy']);
  assert.ok(!result.checks.some((c) => c.variant === 'caddy'));
  const missing = result.checks.filter((c) => c.variant === 'haproxy');
  assert.deepEqual(missing.map((c) => [c.metric, c.verdict]), [['present_in_candidate', 'fail']]);
  assert.match(missing[0]!.message, /missing in the candidate: phase closed \(benign\): the candidate run has no variant haproxy/);
  assert.equal(result.verdict, 'fail');
});

test('a variant skipped (not installed) in the candidate fails the gate, naming the reason; --allow-missing passes and says so', () => {
  const base = fixtureRecord('base', [...cellsFor('nginx', [1000, 1000, 1000]), ...cellsFor('haproxy', [900, 900, 900])]);
  const cand = fixtureRecord('cand', [...cellsFor('nginx', [1000, 1000, 1000]), ...cellsFor('haproxy', [900, 900, 900])]);
  cand.cells = cand.cells.filter((c) => c.variant !== 'haproxy');
  cand.variants = cand.variants.map((v) => (v.name === 'haproxy' ? { ...v, status: 'skipped', version: null, skipReason: 'haproxy is not installed', fix: 'apt-get install haproxy' } : v));
  const failed = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  assert.equal(failed.verdict, 'fail');
  const check = failed.checks.find((c) => c.variant === 'haproxy')!;
  assert.match(check.message, /haproxy was skipped in the candidate \(haproxy is not installed\)/);
  const allowed = compareRuns({ baseline: run(base), candidate: run(cand), flags: {}, allowMissing: true });
  assert.equal(allowed.verdict, 'pass');
  assert.equal(allowed.allowMissing, true);
  const allowedCheck = allowed.checks.find((c) => c.variant === 'haproxy')!;
  assert.equal(allowedCheck.allowedMissing, true);
  assert.match(allowedCheck.message, /allowed by --allow-missing/);
});

test('a phase or traffic class the candidate lacks fails the gate', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000]));
  const cand = fixtureRecord('cand', cellsFor('nginx', [1000, 1000, 1000]));
  for (const cell of cand.cells) cell.phases = cell.phases.map((p) => ({ ...p, trafficClass: 'other' }));
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  const missing = result.checks.find((c) => c.metric === 'present_in_candidate')!;
  assert.deepEqual([missing.variant, missing.phase, missing.trafficClass, missing.verdict], ['nginx', 'closed', 'benign', 'fail']);
});

test('a ladder or a probe the candidate lacks fails the gate', () => {
  const ladders = [ladder('idle', [step(0, 1e6), step(1000, 2e6)], { fit: { bytesPerConn: 1000, baseBytes: 1e6, r2: 0.99, points: 2 } })];
  const probes = [probeResult('cl-te', 'REJECT', true)];
  const base = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000]), { cellExtras: { ladders, probes } });
  const cand = fixtureRecord('cand', cellsFor('nginx', [1000, 1000, 1000]));
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  const missing = result.checks.filter((c) => c.metric === 'present_in_candidate').map((c) => `${c.trafficClass}:${c.phase}:${c.verdict}`);
  assert.deepEqual(missing.sort(), ['connection-ladder:idle:fail', 'probe:cl-te:fail']);
  assert.equal(result.verdict, 'fail');
});

test('no valid repetition: each side is named with its own reasons', () => {
  const base = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000]));
  const cand = fixtureRecord('cand', cellsFor('nginx', [1000, 1000, 1000], { valid: false }));
  for (const cell of cand.cells) cell.phases[0]!.validity.reasons = ['candidate reason'];
  const candOnly = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} }).checks.find((c) => c.metric === 'p99_us')!;
  assert.match(candOnly.message, /no valid repetition in the candidate \(candidate: #1 invalid: candidate reason/);
  const baseInvalid = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000], { valid: false }));
  for (const cell of baseInvalid.cells) cell.phases[0]!.validity.reasons = ['baseline reason'];
  const both = compareRuns({ baseline: run(baseInvalid), candidate: run(cand), flags: {} }).checks.find((c) => c.metric === 'p99_us')!;
  assert.match(both.message, /no valid repetition in either run \(baseline: #1 invalid: baseline reason.* — candidate: #1 invalid: candidate reason/);
  const baseOnly = compareRuns({ baseline: run(baseInvalid), candidate: run(base), flags: {} }).checks.find((c) => c.metric === 'p99_us')!;
  assert.match(baseOnly.message, /no valid repetition in the baseline \(baseline: #1 invalid: baseline reason/);
  assert.doesNotMatch(baseOnly.message, /candidate:/);
});

test('probe and memory checks activate on the data the records carry', () => {
  const ladders = (slope: number) => [ladder('idle', [step(0, 1e6), step(1000, 1e6 + slope * 1000)], { fit: { bytesPerConn: slope, baseBytes: 1e6, r2: 0.99, points: 2 } })];
  const base = fixtureRecord('base', cellsFor('nginx', [1000, 1000, 1000]), {
    cellExtras: { ladders: ladders(2000), probes: [probeResult('cl-te', 'REJECT', true)] },
  });
  const cand = fixtureRecord('cand', cellsFor('nginx', [1000, 1000, 1000]), {
    cellExtras: { ladders: ladders(2000), probes: [probeResult('cl-te', 'DESYNC', false)] },
  });
  const result = compareRuns({ baseline: run(base), candidate: run(cand), flags: {} });
  const probe = result.checks.find((c) => c.metric === 'probe_verdict')!;
  assert.equal(probe.verdict, 'fail');
  assert.match(probe.message, /REJECT → DESYNC/);
  const memory = result.checks.find((c) => c.metric === 'bytes_per_connection')!;
  assert.equal(memory.verdict, 'pass');
  assert.equal(memory.thresholdPct, 5);
  const plain = compareRuns({ baseline: run(fixtureRecord('b', cellsFor('nginx', [1000]))), candidate: run(fixtureRecord('c', cellsFor('nginx', [1000]))), flags: {} });
  assert.ok(!plain.checks.some((c) => c.metric === 'probe_verdict' || c.metric === 'bytes_per_connection'), 'no data, no check');
});
