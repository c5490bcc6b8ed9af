// The gate on attack phases: a run against itself passes; more reset streams forwarded, or a new finding, fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { h2Counts, h2Record } from '../testing/h2-attack-record.js';
import { attackChecks } from './attack-checks.js';
import { resolveThresholds } from './thresholds.js';

const thresholds = resolveThresholds({}, undefined);
const check = (checks: ReturnType<typeof attackChecks>, metric: string) => checks.find((c) => c.metric === metric)!;

test('the same record twice: every attack check passes', () => {
  const r = h2Record('h2-rapid-reset', h2Counts({}), 960, 5000);
  const checks = attackChecks(r, r, thresholds, 0.05);
  assert.deepEqual(checks.map((c) => [c.metric, c.verdict]), [['attack_p99_ratio', 'pass'], ['forwarded_reset_pct', 'pass'], ['attack_findings', 'pass']]);
});

test('reset streams now forwarded to the origin: amplification and the new finding both fail the gate', () => {
  const base = h2Record('h2-rapid-reset', h2Counts({}), 1);
  const cand = h2Record('h2-rapid-reset', h2Counts({}), 500);
  const checks = attackChecks(base, cand, thresholds, 0.05);
  assert.equal(check(checks, 'forwarded_reset_pct').verdict, 'fail');
  assert.match(check(checks, 'forwarded_reset_pct').message, /rose from 0\.1% to 50%/);
  assert.equal(check(checks, 'attack_findings').verdict, 'fail');
  assert.match(check(checks, 'attack_findings').message, /forwards-reset-streams/);
  // Fewer forwarded is no failure.
  assert.equal(check(attackChecks(cand, base, thresholds, 0.05), 'forwarded_reset_pct').verdict, 'pass');
});

test('benign p99 damage that appears (×1 → ×8) fails as a new finding; one repetition leaves the ratio figure inconclusive', () => {
  const base = h2Record('h2-ping-flood', h2Counts({ streamsOpened: 0, streamsResetByClient: 0, firstGoawayMs: 50, firstGoawayCode: 'ENHANCE_YOUR_CALM' }), 0, 1000);
  const cand = h2Record('h2-ping-flood', h2Counts({ streamsOpened: 0, streamsResetByClient: 0, firstGoawayMs: 50, firstGoawayCode: 'ENHANCE_YOUR_CALM' }), 0, 8000);
  const checks = attackChecks(base, cand, thresholds, 0.05);
  assert.equal(check(checks, 'attack_findings').verdict, 'fail');
  assert.match(check(checks, 'attack_findings').message, /benign-tail/);
  assert.equal(check(checks, 'attack_p99_ratio').verdict, 'inconclusive');
  assert.equal(checks.find((c) => c.metric === 'forwarded_reset_pct'), undefined); // not a kind whose every stream is reset
});

test('the benign-tail finding needs most of the candidate’s repetitions: one noisy repetition of three is not a new finding', () => {
  const counts = h2Counts({ streamsOpened: 0, streamsResetByClient: 0, firstGoawayMs: 50, firstGoawayCode: 'ENHANCE_YOUR_CALM' });
  const withRepetitions = (attackUs: number[]) => {
    const records = attackUs.map((us) => h2Record('h2-ping-flood', counts, 0, us));
    return { ...records[0]!, cells: records.map((r, i) => ({ ...r.cells[0]!, repetition: i + 1 })) };
  };
  const base = withRepetitions([1000, 1000, 1000]);
  assert.equal(check(attackChecks(base, withRepetitions([1000, 8000, 1000]), thresholds, 0.05), 'attack_findings').verdict, 'pass');
  const twoOfThree = check(attackChecks(base, withRepetitions([8000, 8000, 1000]), thresholds, 0.05), 'attack_findings');
  assert.equal(twoOfThree.verdict, 'fail');
  assert.match(twoOfThree.message, /benign-tail/);
});
