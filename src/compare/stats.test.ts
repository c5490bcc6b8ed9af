// Literal fixtures for the gate's statistics (exact Mann-Whitney p-values from the U distribution tables).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mannWhitneyGreaterP, mannWhitneyU, median, normalUpperTail } from './stats.js';

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≉ ${expected}`);

test('median of odd, even and empty samples', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('U counts pairs where x wins, ties as one half', () => {
  assert.equal(mannWhitneyU([4, 5, 6], [1, 2, 3]), 9);
  assert.equal(mannWhitneyU([1, 2, 3], [4, 5, 6]), 0);
  assert.equal(mannWhitneyU([2, 2], [2, 2]), 2);
});

test('exact one-sided p-values for complete separation: 1/C(n1+n2, n1)', () => {
  close(mannWhitneyGreaterP([4, 5, 6], [1, 2, 3]), 1 / 20);
  close(mannWhitneyGreaterP([5, 6, 7, 8], [1, 2, 3, 4]), 1 / 70);
  close(mannWhitneyGreaterP([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]), 1 / 252);
  close(mannWhitneyGreaterP([1, 2, 3], [4, 5, 6]), 1);
});

test('exact p with one overlap (n=3,3, U=8): P(U ≥ 8) = 2/20', () => {
  close(mannWhitneyGreaterP([3, 5, 6], [1, 2, 4]), 2 / 20);
});

test('ties: identical samples give no evidence (p = 1)', () => {
  close(mannWhitneyGreaterP([7, 7, 7], [7, 7, 7]), 1);
});

test('fewer than 3 values a side can never reach p ≤ 0.05', () => {
  close(mannWhitneyGreaterP([10, 11], [1, 2]), 1 / 6);
  close(mannWhitneyGreaterP([10], [1]), 1 / 2);
  assert.equal(mannWhitneyGreaterP([], [1]), 1);
});

test('large samples use the normal approximation (n=30 a side, shifted by 100)', () => {
  const low = Array.from({ length: 30 }, (_, i) => i);
  const high = low.map((v) => v + 100);
  assert.ok(mannWhitneyGreaterP(high, low) < 1e-9);
  assert.ok(mannWhitneyGreaterP(low, high) > 0.999999);
  const interleaved = mannWhitneyGreaterP(low.map((v) => v * 2 + 1), low.map((v) => v * 2));
  assert.ok(interleaved > 0.2 && interleaved < 0.8, `interleaved p ${interleaved}`);
});

test('normal upper tail at known points', () => {
  close(normalUpperTail(0), 0.5, 1e-7);
  close(normalUpperTail(1.6448536), 0.05, 1e-6);
  close(normalUpperTail(-1.959964), 0.975, 1e-6);
});
