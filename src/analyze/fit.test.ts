// The least-squares fit on literal points: exact lines, noisy lines, flat lines and degenerate input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitBytesPerConnection } from './fit.js';

const near = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

test('points on a line give its slope and intercept with R² = 1', () => {
  const fit = fitBytesPerConnection([
    { connections: 0, rssBytes: 10_000_000 },
    { connections: 500, rssBytes: 10_240_000 },
    { connections: 1000, rssBytes: 10_480_000 },
    { connections: 2000, rssBytes: 10_960_000 },
  ])!;
  near(fit.bytesPerConn, 480, 1e-9);
  near(fit.baseBytes, 10_000_000, 1e-6);
  assert.equal(fit.r2, 1);
  assert.equal(fit.points, 4);
});

test('a noisy ladder: slope and R² as computed by hand', () => {
  // x 0..4, y 1, 2, 4, 6, 7: x̄ = 2, ȳ = 4; Sxx = 10, Sxy = 16, Syy = 26 → slope 1.6, intercept 0.8;
  // fitted 0.8, 2.4, 4.0, 5.6, 7.2 → residuals 0.2, −0.4, 0, 0.4, −0.2 → SSres 0.4, R² = 1 − 0.4/26.
  const fit = fitBytesPerConnection([
    { connections: 0, rssBytes: 1 },
    { connections: 1, rssBytes: 2 },
    { connections: 2, rssBytes: 4 },
    { connections: 3, rssBytes: 6 },
    { connections: 4, rssBytes: 7 },
  ])!;
  near(fit.bytesPerConn, 1.6, 1e-12);
  near(fit.baseBytes, 0.8, 1e-12);
  near(fit.r2, 1 - 0.4 / 26, 1e-12);
});

test('RSS that does not move gives 0 bytes per connection and R² 1 (an exact fit)', () => {
  const fit = fitBytesPerConnection([
    { connections: 0, rssBytes: 4096 },
    { connections: 100, rssBytes: 4096 },
  ])!;
  assert.equal(fit.bytesPerConn, 0);
  assert.equal(fit.baseBytes, 4096);
  assert.equal(fit.r2, 1);
});

test('a falling RSS gives a negative slope (reported as is, never clamped)', () => {
  const fit = fitBytesPerConnection([
    { connections: 0, rssBytes: 2000 },
    { connections: 10, rssBytes: 1000 },
  ])!;
  assert.equal(fit.bytesPerConn, -100);
});

test('fewer than two distinct connection counts cannot be fitted', () => {
  assert.equal(fitBytesPerConnection([]), null);
  assert.equal(fitBytesPerConnection([{ connections: 5, rssBytes: 1 }]), null);
  assert.equal(fitBytesPerConnection([{ connections: 5, rssBytes: 1 }, { connections: 5, rssBytes: 9 }]), null);
});
