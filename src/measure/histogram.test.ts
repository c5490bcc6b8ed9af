// Tests of the latency histogram: its fast counts index equals the library's for every value, and records encode alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as hdr from 'hdr-histogram-js';
import fc from 'fast-check';
import { createLatencyHistogram, encodeHistogram } from './histogram.js';

/** The library's own histogram with the same parameters (its index: Math.log2 and Math.pow). */
function libraryHistogram(): hdr.Histogram {
  return hdr.build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

const indexOf = (h: hdr.Histogram, value: number) => (h as unknown as { countsArrayIndex(v: number): number }).countsArrayIndex(value);

test('the counts index equals the library\'s: every value to 2^20, each power of two ± 1 to 2^40, random values to 2^53', () => {
  const ours = createLatencyHistogram();
  const theirs = libraryHistogram();
  for (let v = 0; v < 2 ** 20; v++) if (indexOf(ours, v) !== indexOf(theirs, v)) assert.fail(`value ${v}`);
  for (let k = 1; k <= 40; k++) {
    for (const v of [2 ** k - 1, 2 ** k, 2 ** k + 1]) assert.equal(indexOf(ours, v), indexOf(theirs, v), `value ${v}`);
  }
  fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 31 + 10 }), fc.maxSafeInteger().map(Math.abs), fc.double({ min: 0, max: 2 ** 32, noNaN: true })), (v) => {
    assert.equal(indexOf(ours, v), indexOf(theirs, v), `value ${v}`);
  }), { numRuns: 20_000 });
});

test('the same recordings encode to the same bytes, past the initial range too (auto-resize)', () => {
  const ours = createLatencyHistogram();
  const theirs = libraryHistogram();
  const values = [0, 1, 7, 1023, 1024, 2047, 2048, 99_999, 1_234_567, 59_999_999, 60_000_000, 120_000_000, 3_000_000_000];
  for (let i = 0; i < 10_000; i++) values.push((i * 7919) % 5_000_000);
  for (const v of values) {
    ours.recordValue(v);
    theirs.recordValue(v);
  }
  assert.equal(encodeHistogram(ours), encodeHistogram(theirs));
  assert.equal(ours.getValueAtPercentile(99), theirs.getValueAtPercentile(99));
  assert.equal(ours.maxValue, theirs.maxValue);
});

test('negative values are refused, as by the library', () => {
  assert.throws(() => createLatencyHistogram().recordValue(-1));
});
