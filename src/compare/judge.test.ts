// Literal fixtures for the per-figure verdict: pass, fail, inconclusive and the 3-repetition rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeFigure, type FigureInput } from './judge.js';

const p99 = (baseline: number[], candidate: number[], extra: Partial<FigureInput> = {}) =>
  judgeFigure({ baseline, candidate, worse: 'higher', thresholdPct: 10, alpha: 0.05, label: 'p99', format: (v) => `${v} µs`, ...extra });

test('identical values pass, even with one repetition, in any order', () => {
  assert.equal(p99([1000], [1000]).verdict, 'pass');
  const same = p99([900, 1000, 1100], [1100, 900, 1000]);
  assert.equal(same.verdict, 'pass');
  assert.match(same.message, /identical/);
});

test('fewer than 3 repetitions a side, with different values: inconclusive and says why', () => {
  const j = p99([1000, 1010], [1500, 1600]);
  assert.equal(j.verdict, 'inconclusive');
  assert.match(j.message, /--repeat 3/);
  assert.equal(p99([1000, 1001, 1002], [1000, 1001]).verdict, 'inconclusive');
});

test('a clear regression beyond the threshold and beyond the noise fails', () => {
  const j = p99([1000, 1010, 990], [3000, 3100, 2950]);
  assert.equal(j.verdict, 'fail');
  assert.equal(j.baselineMedian, 1000);
  assert.equal(j.candidateMedian, 3000);
  assert.equal(j.changePct, 200);
  assert.ok(j.pValue !== null && Math.abs(j.pValue - 0.05) < 1e-9);
  assert.match(j.message, /regressed: 1000 µs → 3000 µs \(\+200\.0%\), threshold \+10%/);
});

test('within the threshold passes; an improvement passes', () => {
  assert.equal(p99([1000, 1010, 990], [1050, 1060, 1040]).verdict, 'pass');
  assert.equal(p99([1000, 1010, 990], [500, 510, 490]).verdict, 'pass');
});

test('beyond the threshold by the median, but the repetitions overlap: inconclusive (noise)', () => {
  const j = p99([1000, 2000, 900], [1200, 800, 2500]);
  assert.equal(j.verdict, 'inconclusive');
  assert.match(j.message, /within the noise/);
});

test('the move must exceed the threshold beyond noise: +15% with tight values fails, +13% against a noisy edge does not', () => {
  assert.equal(p99([1000, 1000, 1001], [1150, 1151, 1152]).verdict, 'fail');
  const edge = p99([1000, 1000, 1100], [1120, 1130, 1250]);
  assert.equal(edge.verdict, 'inconclusive');
  assert.ok(edge.pValue !== null && Math.abs(edge.pValue - 3 / 20) < 1e-9, `p ${edge.pValue}`);
});

test('rps: lower is worse; a drop beyond the threshold fails, a rise passes', () => {
  const rps = (baseline: number[], candidate: number[]) =>
    judgeFigure({ baseline, candidate, worse: 'lower', thresholdPct: 5, alpha: 0.05, label: 'rps', format: String });
  assert.equal(rps([10000, 10100, 9900], [8000, 8100, 7900]).verdict, 'fail');
  assert.equal(rps([10000, 10100, 9900], [12000, 12100, 11900]).verdict, 'pass');
  assert.equal(rps([10000, 10100, 9900], [9700, 9800, 9600]).verdict, 'pass');
});

test('a side without valid repetitions is inconclusive', () => {
  const j = p99([1000, 1000, 1000], []);
  assert.equal(j.verdict, 'inconclusive');
  assert.match(j.message, /no valid repetition in the candidate/);
});

test('a baseline of 0 (e.g. CPU below the clock tick) gives no percentage but still judges', () => {
  const j = p99([0, 0, 0], [5, 6, 7]);
  assert.equal(j.changePct, null);
  assert.equal(j.verdict, 'fail');
});
