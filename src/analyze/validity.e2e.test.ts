// The attribution end to end: the open-loop engine against a target that saturates at a known rate, and a generator that stalls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFixtureServer } from '../traffic/testing/fixture-servers.js';
import { runOpenLoop } from '../traffic/open-loop/engine.js';
import type { OpenLoopSpec } from '../traffic/types.js';
import { judgeValidity } from './validity.js';

// A loaded 2-core machine delays this process's timers (p99 5-110 ms seen while the whole suite runs); a 1 s limit keeps
// these tests about attribution, not machine noise, and a 1.5 s stall still exceeds it for most of the requests.
const rules = { minAchievedRatio: 0.99, maxSendLagP99: 1000, maxGeneratorBusy: 0.9, minUpstreamRatio: 0.99 };

function spec(port: number, over: Partial<OpenLoopSpec>): OpenLoopSpec {
  return { kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec: 400, maxConnections: 4, durationMs: 1500, timeoutMs: 5000, ...over };
}

test('a target that answers in 20 ms on 4 connections saturates at ≤ 200/s: a valid result, marked saturated, with its queue', async () => {
  const server = await startFixtureServer({ delayMs: 20 });
  const traffic = await runOpenLoop(spec(server.port, {})).finally(() => server.close());
  const v = judgeValidity({ traffic, maxConnections: 4, generator: null, upstreamRequests: traffic.requests, rules });
  assert.equal(v.valid, true, v.reasons.join('; '));
  assert.ok(v.saturation, 'marked saturated');
  // 4 connections × 1 request per 20 ms = 200/s at most (plus the ≤ 4 answered while draining); timers only make it slower.
  assert.ok(v.saturation.atRatePerSec <= 200 + 4 / 1.5, `achieved ${v.saturation.atRatePerSec}/s`);
  assert.ok(v.saturation.atRatePerSec > 0, `achieved ${v.saturation.atRatePerSec}/s`);
  assert.ok(v.saturation.queuedAtEnd > 0 && (v.saturation.queuePeakRequests ?? 0) >= v.saturation.queuedAtEnd);
  assert.match(v.saturation.note, /all 4 connections were busy/);
});

test('a generator that stalls for 1.5 s of a 2 s phase invalidates it, however the target did', async () => {
  const server = await startFixtureServer({});
  const freeze = setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500), 100);
  const traffic = await runOpenLoop(spec(server.port, { ratePerSec: 100, durationMs: 2000, maxConnections: 16 })).finally(async () => {
    clearTimeout(freeze);
    await server.close();
  });
  const v = judgeValidity({ traffic, maxConnections: 16, generator: null, upstreamRequests: traffic.requests, rules });
  assert.equal(v.valid, false);
  assert.equal(v.saturation, null);
  assert.match(v.reasons.join('; '), /generator fell behind its schedule/);
});
