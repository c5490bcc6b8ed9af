// Unit tests of duration, size and rate parsing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatDurationMs, formatUs, parseDurationMs, parseRatePerSec, parseSizeBytes } from './units.js';

test('durations', () => {
  assert.equal(parseDurationMs('30s'), 30_000);
  assert.equal(parseDurationMs('250ms'), 250);
  assert.equal(parseDurationMs('1.5m'), 90_000);
  assert.equal(parseDurationMs('500us'), 0.5);
  assert.equal(parseDurationMs('30'), undefined);
  assert.equal(parseDurationMs('fast'), undefined);
});

test('sizes', () => {
  assert.equal(parseSizeBytes('16KiB'), 16_384);
  assert.equal(parseSizeBytes('1MB'), 1_000_000);
  assert.equal(parseSizeBytes('512'), 512);
  assert.equal(parseSizeBytes('0.5B'), undefined);
  assert.equal(parseSizeBytes('1KiBB'), undefined);
});

test('rates', () => {
  assert.equal(parseRatePerSec('5000/s'), 5000);
  assert.equal(parseRatePerSec('300/m'), 5);
  assert.equal(parseRatePerSec('0/s'), undefined);
  assert.equal(parseRatePerSec('5000'), undefined);
});

test('formatting', () => {
  assert.equal(formatUs(950), '950 µs');
  assert.equal(formatUs(1500), '1.50 ms');
  assert.equal(formatBytes(2048), '2.0 KiB');
  assert.deepEqual([0, 0.001, 250, 30_000, 120_000, 3_600_000, 1500].map(formatDurationMs), ['0s', '1µs', '250ms', '30s', '2m', '1h', '1500ms']);
});
