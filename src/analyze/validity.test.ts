// Unit tests of the validity rules: each way a phase stops being a result, with literal figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import type { TrafficResult } from '../traffic/types.js';
import { generatorSideOnly, judgeValidity } from './validity.js';

const rules = { minAchievedRatio: 0.99, maxSendLagP99: 1, maxGeneratorBusy: 0.9, minUpstreamRatio: 0.99 };

function encoded(valuesUs: number[]): string {
  const h = createLatencyHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return encodeHistogram(h);
}

function openLoop(over: Partial<TrafficResult> = {}): TrafficResult {
  return {
    kind: 'open', startedAtMs: 0, endedAtMs: 1000, requests: 1000, non2xx: 0, errors: {}, statusCounts: { 200: 1000 },
    latencyUs: encoded([100, 200]), intervals: [], targetRatePerSec: 1000, achievedRatePerSec: 1000,
    schedulerLagUs: encoded(Array(100).fill(20)), unsent: 0, generatorBusyFraction: 0.1, bytesRead: 0, bytesWritten: 0,
    ...over,
  };
}

const cpu = (cpuCores: number) => ({ cpuCores, cpuSeconds: 1, cpuSecondsPer1kRequests: 1, rssPeakBytes: 1, rssSteadyBytes: 1, threadsMax: 1, samples: 10 });

test('a clean open-loop phase is valid', () => {
  assert.deepEqual(judgeValidity({ traffic: openLoop(), maxConnections: 64, generator: cpu(1), upstreamRequests: 1000, rules }), { valid: true, reasons: [], generatorReasons: [], saturation: null });
});

test('a target that could not keep up while the generator kept its schedule is a result: saturated at the rate it achieved', () => {
  const v = judgeValidity({ traffic: openLoop({ achievedRatePerSec: 900, requests: 900, unsent: 100, queuePeakRequests: 140, errors: { timeout: 3 } }), maxConnections: 64, generator: null, upstreamRequests: 900, rules });
  assert.equal(v.valid, true);
  assert.deepEqual(v.reasons, []);
  assert.equal(v.saturation?.atRatePerSec, 900);
  assert.equal(v.saturation?.targetRatePerSec, 1000);
  assert.equal(v.saturation?.queuedAtEnd, 100);
  assert.equal(v.saturation?.queuePeakRequests, 140);
  assert.equal(v.saturation?.timeouts, 3);
  assert.match(v.saturation!.note, /^saturated at 900\/s: achieved 900\/s of the 1000\/s target .*all 64 connections were busy: 100 due requests still waited for one at the end; peak queue 140 requests; 3 timed out/);
});

test('responses that came back too slowly, with nothing left unsent, are the target saturating too', () => {
  const v = judgeValidity({ traffic: openLoop({ achievedRatePerSec: 950, requests: 950, unsent: 0 }), maxConnections: 64, generator: null, upstreamRequests: 950, rules });
  assert.equal(v.valid, true);
  assert.match(v.saturation!.note, /responses did not keep up with the schedule/);
});

test('a rate within the achieved-ratio limit is not saturation', () => {
  const v = judgeValidity({ traffic: openLoop({ achievedRatePerSec: 995, requests: 995, unsent: 5 }), maxConnections: 64, generator: null, upstreamRequests: 995, rules });
  assert.deepEqual(v, { valid: true, reasons: [], generatorReasons: [], saturation: null });
});

test('requests never sent while the generator itself lagged blame the generator, not the target', () => {
  const stalled = openLoop({ achievedRatePerSec: 10, unsent: 990, schedulerLagUs: encoded([...Array(10).fill(20), ...Array(990).fill(3_000_000)]) });
  const v = judgeValidity({ traffic: stalled, maxConnections: 64, generator: null, upstreamRequests: 10, rules });
  assert.equal(v.valid, false);
  assert.equal(v.saturation, null);
  assert.match(v.reasons.join(), /990 due requests were never sent: the generator was not running when they fell due/);
  assert.doesNotMatch(v.reasons.join(), /connections were busy/);
});

test('a shortfall while the generator was busy cannot be told from the target’s: invalid, not saturated', () => {
  const v = judgeValidity({ traffic: openLoop({ achievedRatePerSec: 800, requests: 800, unsent: 0, generatorBusyFraction: 0.97 }), maxConnections: 64, generator: null, upstreamRequests: 800, rules });
  assert.equal(v.valid, false);
  assert.equal(v.saturation, null);
  assert.match(v.reasons.join(), /generator saturated: busy 97\.0%.*achieved 800\/s .*the generator could not keep its schedule/);
});

test('a saturated phase whose responses did not reach the upstream is not a result', () => {
  const v = judgeValidity({ traffic: openLoop({ achievedRatePerSec: 900, requests: 900, unsent: 100 }), maxConnections: 64, generator: null, upstreamRequests: 9, rules });
  assert.equal(v.valid, false);
  assert.equal(v.saturation, null);
});

test('scheduler lag over the limit marks the generator as fallen behind, whatever its busy share', () => {
  const v = judgeValidity({ traffic: openLoop({ schedulerLagUs: encoded([...Array(95).fill(20), ...Array(5).fill(4000)]) }), maxConnections: 64, generator: null, upstreamRequests: 1000, rules });
  assert.equal(v.valid, false);
  assert.match(v.reasons.join(), /generator fell behind its schedule: 1% of requests were noticed due more than 4\.00 ms late/);
});

test('a busy open-loop generator is saturated', () => {
  const v = judgeValidity({ traffic: openLoop({ generatorBusyFraction: 0.95 }), maxConnections: 64, generator: null, upstreamRequests: 1000, rules });
  assert.match(v.reasons.join(), /generator saturated: busy 95\.0%/);
});

test('a closed-loop generator using its whole core measures itself, not the target', () => {
  const closed: TrafficResult = { ...openLoop(), kind: 'closed' };
  delete closed.targetRatePerSec;
  const v = judgeValidity({ traffic: closed, maxConnections: 50, generator: cpu(0.98), upstreamRequests: 1000, rules });
  assert.match(v.reasons.join(), /generator saturated its core \(98\.0% CPU > 90\.0%\)/);
});

test('responses that never reached the upstream mean the proxy answered on its own', () => {
  const v = judgeValidity({ traffic: openLoop(), maxConnections: 64, generator: null, upstreamRequests: 10, rules });
  assert.match(v.reasons.join(), /only 10 of 1000 responses reached the upstream \(1\.0%\): the proxy answered on its own/);
});

test('no responses at all is not a result', () => {
  const v = judgeValidity({ traffic: openLoop({ requests: 0, achievedRatePerSec: 0 }), maxConnections: 64, generator: null, upstreamRequests: 0, rules });
  assert.equal(v.valid, false);
  assert.match(v.reasons[0]!, /no responses were received/);
});

test('several workers: one lagging worker makes the phase invalid, named, even when the merge looks clean', () => {
  const share = (index: number) => ({ index, count: 4 });
  const clean = (index: number) => openLoop({ targetRatePerSec: 250, achievedRatePerSec: 250, requests: 250, share: share(index), startLateMs: 0.2 });
  const lagging = openLoop({ targetRatePerSec: 250, achievedRatePerSec: 250, requests: 250, share: share(2), schedulerLagUs: encoded([...Array(95).fill(20), ...Array(5).fill(4000)]) });
  const workers = [clean(0), clean(1), lagging, clean(3)];
  // The merged scheduler lag (5 of 400 late: p99 clean) would pass on its own: the worker is judged first.
  const merged = openLoop({ workers, schedulerLagUs: encoded([...Array(395).fill(20), ...Array(5).fill(4000)]) });
  const v = judgeValidity({ traffic: merged, maxConnections: 64, generator: null, upstreamRequests: 1000, rules });
  assert.equal(v.valid, false);
  assert.deepEqual(v.reasons.map((r) => r.split(':')[0]), ['generator worker 3 of 4']);
  assert.match(v.reasons[0]!, /fell behind its schedule/);
  assert.equal(judgeValidity({ traffic: openLoop({ workers: [clean(0), clean(1), clean(2), clean(3)] }), maxConnections: 64, generator: null, upstreamRequests: 1000, rules }).valid, true);
});

test('several workers: a worker that started late, or a saturated closed-loop worker, invalidates the phase', () => {
  const late = openLoop({ targetRatePerSec: 500, achievedRatePerSec: 500, share: { index: 1, count: 2 }, startLateMs: 25 });
  const onTime = openLoop({ targetRatePerSec: 500, achievedRatePerSec: 500, share: { index: 0, count: 2 }, startLateMs: 0 });
  const v = judgeValidity({ traffic: openLoop({ workers: [onTime, late] }), maxConnections: 64, generator: null, upstreamRequests: 1000, rules });
  assert.deepEqual(v.reasons, ['generator worker 2 of 2: started 25.0 ms after the common start (limit 1 ms): its intervals do not line up with the others\'']);
  const closed = (busy: number, index: number) => ({ ...openLoop({ generatorBusyFraction: busy, share: { index, count: 2 } }), kind: 'closed' as const });
  const saturated = judgeValidity({ traffic: { ...closed(0.5, 0), workers: [closed(0.5, 0), closed(0.97, 1)] }, maxConnections: 64, generator: cpu(1.4), upstreamRequests: 1000, rules });
  assert.equal(saturated.reasons.length, 1);
  assert.match(saturated.reasons[0]!, /^generator worker 2 of 2: saturated its core \(97\.0% CPU/);
});

test('the generator\'s own reasons are told apart: its lag and busy core may be retried, the target\'s and the upstream\'s never', () => {
  const lag = judgeValidity({ traffic: openLoop({ schedulerLagUs: encoded(Array(100).fill(5000)), achievedRatePerSec: 900, requests: 900, unsent: 100 }), maxConnections: 64, generator: null, upstreamRequests: 900, rules });
  assert.equal(lag.valid, false);
  assert.ok(lag.reasons.length >= 2, lag.reasons.join('; ')); // the lag and the shortfall it caused
  assert.ok(generatorSideOnly(lag.reasons, lag.generatorReasons));
  const busy = judgeValidity({ traffic: openLoop({ generatorBusyFraction: 0.97 }), maxConnections: 64, generator: null, upstreamRequests: 1000, rules });
  assert.ok(generatorSideOnly(busy.reasons, busy.generatorReasons));
  const saturated = judgeValidity({ traffic: openLoop({ achievedRatePerSec: 900, requests: 900, unsent: 100 }), maxConnections: 64, generator: null, upstreamRequests: 900, rules });
  assert.equal(saturated.valid, true);
  assert.deepEqual(saturated.generatorReasons, []);
  assert.equal(generatorSideOnly(saturated.reasons, saturated.generatorReasons), false, 'a valid phase is never retried');
  // The generator lagged, but the proxy also answered on its own: not the generator's alone.
  const mixed = judgeValidity({ traffic: openLoop({ schedulerLagUs: encoded(Array(100).fill(5000)) }), maxConnections: 64, generator: null, upstreamRequests: 10, rules });
  assert.equal(generatorSideOnly(mixed.reasons, mixed.generatorReasons), false);
  const none = judgeValidity({ traffic: openLoop({ requests: 0, achievedRatePerSec: 0 }), maxConnections: 64, generator: null, upstreamRequests: 0, rules });
  assert.equal(generatorSideOnly(none.reasons, none.generatorReasons), false, 'no responses at all is not the generator\'s alone');
});

test('an HTTP/2 phase whose connections negotiated another protocol is invalid with that reason; an unavailable one says only why', () => {
  const base: TrafficResult = { kind: 'open', startedAtMs: 0, endedAtMs: 1000, requests: 10, non2xx: 0, errors: {}, statusCounts: { 200: 10 }, latencyUs: encodeHistogram(createLatencyHistogram()), intervals: [], achievedRatePerSec: 10, bytesRead: 0, bytesWritten: 0 };
  const http2: NonNullable<TrafficResult['http2']> = { protocol: 'h2', streamsPerConnection: 10, negotiated: { h2: 1, 'http/1.1': 3 }, serverMaxStreams: 128, streamSlotWaits: 0, resets: {}, goaways: {} };
  const rules = { minAchievedRatio: 0.99, maxSendLagP99: 1, maxGeneratorBusy: 0.9, minUpstreamRatio: 0.99 };
  const mixed = judgeValidity({ traffic: { ...base, http2: { ...http2, negotiated: { ...http2.negotiated } } }, maxConnections: 4, generator: null, upstreamRequests: null, rules });
  assert.equal(mixed.valid, false);
  assert.match(mixed.reasons.join(), /protocol h2 asked, but 3 of 4 connections negotiated http\/1\.1 by ALPN/);
  const pure = judgeValidity({ traffic: { ...base, http2: { ...http2, negotiated: { h2: 4 } } }, maxConnections: 4, generator: null, upstreamRequests: null, rules });
  assert.equal(pure.valid, true, pure.reasons.join());
  const missing = judgeValidity({ traffic: { ...base, requests: 0, unavailable: 'h2load is not installed: apt-get install -y nghttp2-client' }, maxConnections: 4, generator: null, upstreamRequests: null, rules });
  assert.deepEqual(missing.reasons, ['h2load is not installed: apt-get install -y nghttp2-client']);
});
