// Tests for the phase recorder: per-second intervals, their exact sum, statuses, errors and the achieved rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistogram } from '../measure/histogram.js';
import { TrafficRecorder, classifySocketError } from './recorder.js';

test('responses land in their second, and the whole-phase histogram is the sum of the intervals', () => {
  const r = new TrafficRecorder(true);
  r.recordResponse(200, 150, 0.2e9, 100);
  r.recordResponse(200, 250, 0.9e9, 200);
  r.recordResponse(503, 2000, 2.5e9, 1500);
  r.recordSendLag(7);
  r.recordError('timeout');
  r.recordError('reset', 2);
  r.recordError('parse', 0);
  const result = r.result({ kind: 'open', startedAtMs: 1000, endedAtMs: 3700, durationMs: 3000, targetRatePerSec: 1, unsent: 0, generatorBusyFraction: 0.1 });
  assert.deepEqual(result.intervals.map((i) => [i.startMs, i.endMs, decodeHistogram(i.latencyUs).totalCount]), [[0, 1000, 2], [1000, 2000, 0], [2000, 2700, 1]]);
  const all = decodeHistogram(result.latencyUs);
  assert.equal(all.totalCount, 3);
  assert.equal(all.maxValue, decodeHistogram(result.intervals[2]!.latencyUs).maxValue);
  assert.equal(decodeHistogram(result.uncorrectedLatencyUs!).totalCount, 3);
  assert.equal(decodeHistogram(result.sendLagUs!).totalCount, 1);
  assert.deepEqual(result.statusCounts, { '200': 2, '503': 1 });
  assert.equal(result.non2xx, 1);
  assert.deepEqual(result.errors, { timeout: 1, reset: 2 });
  assert.equal(result.achievedRatePerSec, 1);
  assert.equal(result.generatorBusyFraction, 0.1);
});

test('closed-loop recorders carry no uncorrected or send-lag histograms', () => {
  const result = new TrafficRecorder(false).result({ kind: 'closed', startedAtMs: 0, endedAtMs: 10, durationMs: 10 });
  assert.equal(result.uncorrectedLatencyUs, undefined);
  assert.equal(result.sendLagUs, undefined);
  assert.equal(result.unsent, undefined);
  assert.deepEqual(result.intervals, []);
  assert.equal(decodeHistogram(result.latencyUs).totalCount, 0);
});

test('socket errors map to kinds by errno code', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });
  assert.equal(classifySocketError(withCode('ECONNREFUSED')), 'refused');
  assert.equal(classifySocketError(withCode('ECONNRESET')), 'reset');
  assert.equal(classifySocketError(withCode('EPIPE')), 'reset');
  assert.equal(classifySocketError(withCode('ETIMEDOUT')), 'timeout');
  assert.equal(classifySocketError(withCode('EHOSTUNREACH')), 'other');
  assert.equal(classifySocketError('weird'), 'other');
});
