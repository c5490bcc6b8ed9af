// The settle rule on literal RSS series: settles on a flat tail, keeps waiting while RSS moves, gives up at maxWait.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeSettle } from './settle.js';
import type { SettleRule } from '../scenario/ladder-schema.js';

const rule: SettleRule = { intervalMs: 100, window: 4, tolerancePct: 1, maxWaitMs: 2000 };
const MiB = 1024 * 1024;

test('not settled before a full window of readings, even when flat', () => {
  const v = judgeSettle([10 * MiB, 10 * MiB, 10 * MiB], 200, rule);
  assert.equal(v.settled, false);
  assert.equal(v.done, false);
  assert.equal(v.rssBytes, 10 * MiB);
});

test('settles once the last window spreads by no more than the tolerance; the level is their median', () => {
  // Growing at first, then flat within 0.5%: the early readings are outside the window.
  const series = [8 * MiB, 9 * MiB, 10_000_000, 10_020_000, 10_000_000, 10_040_000];
  const v = judgeSettle(series, 500, rule);
  assert.equal(v.settled, true);
  assert.equal(v.done, true);
  assert.equal(v.rssBytes, 10_010_000);
  assert.ok(Math.abs(v.spreadPct - (40_000 / 10_010_000) * 100) < 1e-9);
});

test('keeps waiting while RSS still climbs by more than the tolerance within the window', () => {
  const series = [10_000_000, 10_100_000, 10_200_000, 10_300_000];
  const v = judgeSettle(series, 300, rule);
  assert.equal(v.settled, false);
  assert.equal(v.done, false);
  assert.ok(v.spreadPct > rule.tolerancePct);
});

test('gives up at maxWait: done but not settled, with the median of the last window as the level', () => {
  const series = [10_000_000, 10_300_000, 10_600_000, 10_900_000, 11_200_000];
  const v = judgeSettle(series, 2000, rule);
  assert.equal(v.done, true);
  assert.equal(v.settled, false);
  assert.equal(v.rssBytes, (10_600_000 + 10_900_000) / 2);
});

test('no readings at all (the target has gone): done only at maxWait', () => {
  assert.equal(judgeSettle([], 100, rule).done, false);
  assert.deepEqual(judgeSettle([], 2000, rule), { done: true, settled: false, rssBytes: 0, spreadPct: 0 });
});
