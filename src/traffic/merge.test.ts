// Property tests of the exact merge: random samples split over random workers and intervals merge into one histogram.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createLatencyHistogram, decodeHistogram, encodeHistogram } from '../measure/histogram.js';
import { TrafficRecorder } from './recorder.js';
import { mergeTrafficResults } from './merge.js';
import type { TrafficResult } from './types.js';

/** One sample: its latency (1 µs – 60 s), when it completed (ms since T0), which worker recorded it, its status. */
const sample = fc.record({
  latencyUs: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 60_000_000 })),
  atMs: fc.integer({ min: 0, max: 9_999 }),
  worker: fc.nat(),
  status: fc.constantFrom(200, 200, 200, 404, 503),
});

/**
 * Each worker records its samples as a real generator worker does: its own recorder, times relative to its phase
 * clock, which starts at the common T0 as that worker's own clock sees it (`offsetMs` from the true T0). A sample's
 * interval is counted from the worker's t0, so an offset clock shifts the worker's epoch timestamps, not its intervals.
 */
function workerResult(samples: readonly { latencyUs: number; atMs: number; status: number }[], index: number, count: number, offsetMs: number): TrafficResult {
  const recorder = new TrafficRecorder(true);
  for (const s of samples) {
    recorder.recordResponse(s.status, s.latencyUs, s.atMs * 1e6, s.latencyUs);
    recorder.recordSchedulerLag(s.latencyUs % 997);
  }
  recorder.recordError('timeout', index);
  const t0 = 1_700_000_000_000 + offsetMs;
  return recorder.result({ kind: 'open', startedAtMs: t0, endedAtMs: t0 + 10_000, durationMs: 10_000, targetRatePerSec: 100 / count, unsent: index, share: { index, count } });
}

const intervalOf = (atMs: number) => Math.floor(atMs / 1000);

test('merged histograms equal one histogram of all samples, per phase and per interval; counters add up', () => {
  fc.assert(
    fc.property(fc.array(sample, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 6, maxLength: 6 }), (samples, count, offsets) => {
      const byWorker = Array.from({ length: count }, (_, k) => samples.filter((s) => s.worker % count === k));
      const results = byWorker.map((ss, k) => workerResult(ss, k, count, offsets[k]!));
      const merged = mergeTrafficResults(results);

      const all = createLatencyHistogram();
      for (const s of samples) all.recordValue(s.latencyUs);
      assert.equal(merged.latencyUs, encodeHistogram(all), 'the merged phase histogram is the histogram of every sample');
      const mergedHistogram = decodeHistogram(merged.latencyUs);
      for (const p of [50, 90, 99, 99.9, 99.99, 100]) assert.equal(mergedHistogram.getValueAtPercentile(p), all.getValueAtPercentile(p));
      assert.equal(decodeHistogram(merged.uncorrectedLatencyUs!).totalCount, samples.length);
      assert.equal(decodeHistogram(merged.schedulerLagUs!).totalCount, samples.length);

      // Per interval: interval i of the merge is the histogram of every sample completed in second i (after T0).
      const seconds = [...new Set(samples.map((s) => intervalOf(s.atMs)))].sort((a, b) => a - b);
      const withSamples = merged.intervals.filter((i) => decodeHistogram(i.latencyUs).totalCount > 0);
      assert.deepEqual(withSamples.map((i) => i.startMs), seconds.map((s) => s * 1000));
      for (const interval of withSamples) {
        const expected = createLatencyHistogram();
        for (const s of samples) if (intervalOf(s.atMs) * 1000 === interval.startMs) expected.recordValue(s.latencyUs);
        assert.equal(interval.latencyUs, encodeHistogram(expected));
      }

      assert.equal(merged.requests, samples.length);
      assert.equal(merged.non2xx, samples.filter((s) => s.status !== 200).length);
      for (const status of ['200', '404', '503']) assert.equal(merged.statusCounts[status] ?? 0, samples.filter((s) => String(s.status) === status).length);
      assert.equal(merged.errors.timeout ?? 0, (count * (count - 1)) / 2);
      assert.equal(merged.unsent, (count * (count - 1)) / 2);
      assert.ok(Math.abs(merged.targetRatePerSec! - 100) < 1e-9);
      assert.equal(merged.workers!.length, count);
      assert.equal(merged.startedAtMs, Math.min(...results.map((r) => r.startedAtMs)));
    }),
    { numRuns: 150 },
  );
});

test('merging is order-free and merging merges is merging once', () => {
  fc.assert(
    fc.property(fc.array(sample, { minLength: 1, maxLength: 200 }), fc.integer({ min: 2, max: 5 }), (samples, count) => {
      const results = Array.from({ length: count }, (_, k) => workerResult(samples.filter((s) => s.worker % count === k), k, count, 0));
      const forward = mergeTrafficResults(results);
      const backward = mergeTrafficResults([...results].reverse());
      assert.equal(forward.latencyUs, backward.latencyUs);
      assert.deepEqual(forward.intervals.map((i) => i.latencyUs), backward.intervals.map((i) => i.latencyUs));
      const nested = mergeTrafficResults([mergeTrafficResults(results.slice(0, 1)), mergeTrafficResults(results.slice(1))]);
      assert.equal(nested.latencyUs, forward.latencyUs);
      assert.equal(nested.workers!.length, count, 'a merge of merges keeps every worker once');
    }),
    { numRuns: 60 },
  );
});
