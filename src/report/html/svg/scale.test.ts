// Axis scales: the HdrHistogram "nines" axis, log ticks, round linear and byte ticks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteUnit, formatPercentile, linearScale, logScale, nines, ninesScale } from './scale.js';

test('nines: 90% is one nine, 99.9% three; 100% is infinite', () => {
  assert.equal(nines(0), 0);
  assert.ok(Math.abs(nines(90) - 1) < 1e-12);
  assert.ok(Math.abs(nines(99.9) - 3) < 1e-9);
  assert.equal(nines(100), Infinity);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(formatPercentile), ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%']);
});

test('the nines axis ticks and maps linearly in nines', () => {
  const s = ninesScale(3.4, [0, 400]);
  assert.deepEqual(s.ticks.map((t) => t.label), ['0%', '50%', '90%', '99%', '99.9%', '99.99%']);
  assert.equal(s.map(0), 0);
  assert.equal(s.map(2), 200);
  assert.equal(s.map(Infinity), 400);
});

test('log scale ticks at 1-2-5 per decade and maps decades evenly', () => {
  const s = logScale(150, 8000, [300, 0], String);
  assert.deepEqual(s.ticks.map((t) => t.value), [100, 200, 500, 1000, 2000, 5000, 10000]);
  assert.equal(s.map(100), 300);
  assert.equal(s.map(10000), 0);
  assert.equal(s.map(1000), 150);
});

test('linear scale rounds its ends and steps; bytes step in MiB', () => {
  assert.deepEqual(linearScale(0, 0.73, [0, 100], String).ticks.map((t) => t.value), [0, 0.2, 0.4, 0.6000000000000001, 0.8]);
  const b = byteUnit(76e6);
  const s = linearScale(0, 76e6, [0, 100], b.format, 5, b.unit);
  assert.deepEqual(s.ticks.map((t) => t.label), ['0', '20 MiB', '40 MiB', '60 MiB', '80 MiB']);
});
