// End-to-end tests of the open-loop engine against in-process loopback servers, on a fake clock (no wall time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistogram, summarizeEncoded } from '../../measure/histogram.js';
import { BenchError } from '../../shared/errors.js';
import { ManualClock } from '../../shared/testing/manual-clock.js';
import { startFixtureServer, startRawServer, unusedPort, type FixtureServerOptions } from '../testing/fixture-servers.js';
import type { OpenLoopSpec, TrafficResult } from '../types.js';
import { runOpenLoop } from './engine.js';
import { idleWakeMarginNs, timerMarginNs } from './schedule.js';

function spec(port: number, overrides: Partial<OpenLoopSpec> = {}): OpenLoopSpec {
  return {
    kind: 'open',
    target: { host: '127.0.0.1', port },
    request: { method: 'GET', path: '/' },
    ratePerSec: 200,
    maxConnections: 8,
    durationMs: 500,
    timeoutMs: 1000,
    ...overrides,
  };
}

/**
 * Runs the engine on a fake clock stepped 1 ms per event-loop turn: its schedule, timeouts and latencies are in fake
 * time, which never runs ahead of the sockets, so what it records does not depend on how loaded the machine is.
 */
async function onClock(s: OpenLoopSpec, clock = new ManualClock()): Promise<TrafficResult> {
  let result: TrafficResult | undefined;
  const running = runOpenLoop(s, clock).then((r) => (result = r));
  await clock.run({ stepMs: 1, maxMs: s.durationMs + 2 * s.timeoutMs + 1000, done: () => result !== undefined });
  return running;
}

async function runAgainst(options: FixtureServerOptions, overrides: Partial<OpenLoopSpec>): Promise<TrafficResult> {
  const clock = new ManualClock();
  const server = await startFixtureServer({ ...options, clock });
  try {
    return await onClock(spec(server.port, overrides), clock);
  } finally {
    await server.close();
  }
}

const errorTotal = (r: TrafficResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);

/** Every scheduled request is accounted for exactly once: completed, failed, or never sent. */
function assertAccounted(result: TrafficResult, scheduled: number): void {
  assert.equal(result.requests + errorTotal(result) + (result.unsent ?? -1), scheduled, JSON.stringify({ ...result, latencyUs: '', intervals: [] }));
}

test('500/s for 1 s completes 500 requests, all measured', async () => {
  const result = await runAgainst({}, { ratePerSec: 500, durationMs: 1000, maxConnections: 16 });
  assertAccounted(result, 500);
  assert.equal(result.requests, 500, 'on a clock that waits for the sockets, every due request is sent and answered');
  assert.deepEqual(result.errors, {});
  assert.equal(result.statusCounts['200'], result.requests);
  assert.equal(result.non2xx, 0);
  assert.equal(decodeHistogram(result.latencyUs).totalCount, result.requests);
  assert.equal(decodeHistogram(result.uncorrectedLatencyUs!).totalCount, result.requests);
  assert.equal(decodeHistogram(result.sendLagUs!).totalCount, 500 - result.unsent!);
  const intervalCount = result.intervals.reduce((n, i) => n + decodeHistogram(i.latencyUs).totalCount, 0);
  assert.equal(intervalCount, result.requests);
  assert.ok(result.intervals.every((i) => i.endMs > i.startMs));
  assert.equal(result.targetRatePerSec, 500);
  assert.equal(result.achievedRatePerSec, result.requests);
  assert.ok(result.generatorBusyFraction! >= 0 && result.generatorBusyFraction! < 1);
  assert.ok(result.bytesWritten > 0 && result.bytesRead > 0);
  assert.ok(result.endedAtMs > result.startedAtMs);
});

test('coordinated omission: with one slow connection the corrected p99 is far above the uncorrected p99', async () => {
  // 200/s offered, the server takes 20 ms, one connection: at most ~50/s get through and the rest queue.
  const result = await runAgainst({ delayMs: 20 }, { ratePerSec: 200, durationMs: 1000, maxConnections: 1, timeoutMs: 2000 });
  assertAccounted(result, 200);
  const corrected = summarizeEncoded(result.latencyUs);
  const uncorrected = summarizeEncoded(result.uncorrectedLatencyUs!);
  assert.ok(uncorrected.p99Us >= 20_000, `uncorrected p99 ${uncorrected.p99Us} (the server waits 20 ms of the same clock)`);
  assert.ok(corrected.p99Us > 5 * uncorrected.p99Us, `corrected p99 ${corrected.p99Us} vs uncorrected ${uncorrected.p99Us}`);
  assert.ok(result.unsent! > 0, 'the queue was still full when the phase ended');
  assert.ok(result.achievedRatePerSec < 200);
  assert.ok(summarizeEncoded(result.sendLagUs!).maxUs > 100_000, 'sends left late');
});

test('connections stay within maxConnections and are kept alive', async () => {
  // 300/s against 20 ms responses needs ~6 concurrent requests: 4 connections are all used, never more, and the rest queue.
  const clock = new ManualClock();
  const server = await startFixtureServer({ delayMs: 20, clock });
  const result = await onClock(spec(server.port, { ratePerSec: 300, durationMs: 500, maxConnections: 4 }), clock).finally(() => server.close());
  assertAccounted(result, 150);
  assert.equal(server.connectionCount(), 4);
  assert.ok(result.requests > 4 * 4, 'each connection carried several requests');
});

test('resets are counted as errors and connections are replaced', async () => {
  const result = await runAgainst({ resetEvery: 3 }, { ratePerSec: 300, durationMs: 500, maxConnections: 4 });
  assertAccounted(result, 150);
  assert.ok((result.errors.reset ?? 0) > 0, JSON.stringify(result.errors));
  assert.ok(result.requests > 50, `completed ${result.requests}`);
});

test('a refused connection fails its request as refused', async () => {
  const result = await onClock(spec(await unusedPort(), { ratePerSec: 100, durationMs: 300 }));
  assertAccounted(result, 30);
  assert.equal(result.requests, 0);
  assert.ok((result.errors.refused ?? 0) > 0, JSON.stringify(result.errors));
});

test('a silent server times requests out, and the drain is bounded by timeoutMs', async () => {
  const result = await runAgainst({ silent: true }, { ratePerSec: 40, durationMs: 500, maxConnections: 4, timeoutMs: 200 });
  assertAccounted(result, 20);
  assert.equal(result.requests, 0);
  assert.ok((result.errors.timeout ?? 0) >= 4, JSON.stringify(result.errors));
});

test('Connection: close responses and chunked bodies are handled', async () => {
  const closing = await runAgainst({ closeAfterResponse: true }, { ratePerSec: 200, durationMs: 300 });
  assertAccounted(closing, 60);
  assert.ok(closing.requests === 60 && errorTotal(closing) === 0, JSON.stringify(closing.errors));
  const chunked = await runAgainst({ chunked: true, bodyBytes: 100 }, { ratePerSec: 200, durationMs: 300 });
  assertAccounted(chunked, 60);
  assert.ok(chunked.requests === 60 && errorTotal(chunked) === 0, JSON.stringify(chunked.errors));
});

test('close-delimited responses complete when the server closes; garbage is a parse error', async () => {
  const closeDelimited = await startRawServer(Buffer.from('HTTP/1.1 200 OK\r\n\r\nbody'), { endAfterResponse: true });
  const ok = await onClock(spec(closeDelimited.port, { ratePerSec: 100, durationMs: 300 })).finally(() => closeDelimited.close());
  assertAccounted(ok, 30);
  assert.ok(ok.requests === 30 && errorTotal(ok) === 0, JSON.stringify(ok.errors));
  const garbage = await startRawServer(Buffer.from('NOT HTTP AT ALL\r\n\r\n'));
  const bad = await onClock(spec(garbage.port, { ratePerSec: 100, durationMs: 300 })).finally(() => garbage.close());
  assertAccounted(bad, 30);
  assert.ok((bad.errors.parse ?? 0) > 0 && bad.requests === 0, JSON.stringify(bad.errors));
});

test('non-2xx statuses are counted per status', async () => {
  const server = await startRawServer(Buffer.from('HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n'));
  const result = await onClock(spec(server.port, { ratePerSec: 100, durationMs: 200 })).finally(() => server.close());
  assert.equal(result.non2xx, result.requests);
  assert.equal(result.statusCounts['503'], result.requests);
});

test('targets off loopback and invalid specs are refused before any traffic', async () => {
  await assert.rejects(runOpenLoop(spec(80, { target: { host: '10.0.0.1', port: 80 } })), (e: unknown) => e instanceof BenchError && e.code === 'UNSAFE_TARGET');
  await assert.rejects(runOpenLoop(spec(80, { ratePerSec: 0 })), (e: unknown) => e instanceof BenchError && e.code === 'CONFIG');
  await assert.rejects(runOpenLoop(spec(80, { maxConnections: 0.5 })), (e: unknown) => e instanceof BenchError && e.code === 'CONFIG');
});

test('with a spin yield (real-time priority) the scheduler sleeps its share while it spins, and its lag stays within the sleep', async () => {
  const server = await startFixtureServer({});
  try {
    const plain = new ManualClock();
    const result = await onClock(spec(server.port, { ratePerSec: 2000, durationMs: 200 }), plain);
    assert.equal(plain.blocks, 0, 'no yield without a plan (normal priority)');
    const clock = new ManualClock();
    let r: TrafficResult | undefined;
    const running = runOpenLoop(spec(server.port, { ratePerSec: 2000, durationMs: 200 }), clock, { everyNs: 900_000, forNs: 100_000 }).then((x) => (r = x));
    await clock.run({ stepMs: 1, maxMs: 5000, done: () => r !== undefined });
    const yielded = await running;
    assert.ok(clock.blocks >= 10, `slept while spinning (${clock.blocks} times)`);
    assert.equal(clock.blockedNs, clock.blocks * 100_000);
    assert.ok(yielded.requests > 0 && result.requests > 0);
    assert.ok(summarizeEncoded(yielded.schedulerLagUs!).maxUs <= 1000 + 100, 'lag within a step and a sleep');
  } finally {
    await server.close();
  }
});

/** A fake clock whose thread can sleep or hold while idle: either passes fake time, as a real one passes real time. */
class IdleClock extends ManualClock {
  readonly sleepsNs: number[] = [];
  readonly holdsNs: number[] = [];
  idleNs(ns: number): void {
    this.sleepsNs.push(ns);
    this.jump(ns / 1e6);
  }
  holdNs(ns: number): void {
    this.holdsNs.push(ns);
    this.jump(ns / 1e6);
  }
}

test('an idle scheduler sleeps until just before the next due time, holds the rest, and every request is still sent and timed', async () => {
  const clock = new IdleClock();
  const server = await startFixtureServer({ clock });
  try {
    const result = await onClock(spec(server.port, { ratePerSec: 200, durationMs: 500, maxConnections: 4 }), clock);
    assertAccounted(result, 100);
    assert.equal(result.requests, 100);
    assert.ok(clock.sleepsNs.length >= 20, `slept while idle (${clock.sleepsNs.length} times)`);
    assert.ok(clock.sleepsNs.every((ns) => ns > 0 && ns <= timerMarginNs + 1_000_000 - idleWakeMarginNs), 'only in the spin stretch, never past the wake margin before the due time');
    assert.ok(clock.holdsNs.length >= 20, `held the last stretch on the clock (${clock.holdsNs.length} times)`);
    assert.ok(clock.holdsNs.every((ns) => ns > 0 && ns <= idleWakeMarginNs), 'a hold is only the last stretch');
    assert.ok(summarizeEncoded(result.schedulerLagUs!).maxUs <= 1000 + 100, 'no due time was slept through');
  } finally {
    await server.close();
  }
});
