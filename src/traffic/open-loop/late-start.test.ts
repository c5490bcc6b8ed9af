// A worker that comes up after the common start T0 (a slow Swarm task): it sends its share of the one schedule from T0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistogram } from '../../measure/histogram.js';
import { ManualClock } from '../../shared/testing/manual-clock.js';
import { startFixtureServer } from '../testing/fixture-servers.js';
import type { OpenLoopSpec, TrafficResult } from '../types.js';
import { runOpenLoop } from './engine.js';

test('a worker starting 300 ms after T0 keeps the schedule of T0: the phase ends at T0 + duration, the missed sends are timed from their intended times', async () => {
  const server = await startFixtureServer();
  const clock = new ManualClock();
  const lateMs = 300;
  const t0EpochMs = clock.epochMs() - lateMs;
  const spec: OpenLoopSpec = {
    kind: 'open', target: { host: '127.0.0.1', port: server.port }, request: { method: 'GET', path: '/' },
    ratePerSec: 100, maxConnections: 8, durationMs: 1000, timeoutMs: 2000, share: { index: 1, count: 2 }, startAtEpochMs: t0EpochMs,
  };
  let result: TrafficResult | undefined;
  const running = runOpenLoop(spec, clock).then((r) => (result = r));
  try {
    await clock.run({ stepMs: 1, maxMs: 6000, done: () => result !== undefined });
    await running;
  } finally {
    await server.close();
  }
  const r = result!;
  const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
  assert.equal(r.requests + errors + r.unsent!, 50, 'its share of the one schedule, no more, no less');
  assert.equal(r.startedAtMs, t0EpochMs, 'its phase clock starts at T0, not at its own start');
  assert.ok(r.startLateMs! >= lateMs, `it says how late it came up: ${r.startLateMs}`);
  // Re-based on its own start it would end 300 ms after the others and time its first request from when it sent it.
  assert.ok(r.endedAtMs - t0EpochMs < spec.durationMs + lateMs / 2, `ends with the others: ${r.endedAtMs - t0EpochMs} ms after T0`);
  const maxUs = decodeHistogram(r.latencyUs).maxValue;
  assert.ok(maxUs >= (lateMs - 20) * 1000, `the request due at T0 is timed from T0: max ${maxUs} µs`);
  assert.equal(r.intervals[0]?.startMs, 0, 'interval 0 is the second from T0, like every other worker\'s');
});
