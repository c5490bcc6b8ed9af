// End-to-end tests of the closed-loop adapter (autocannon driving, our µs recording) against in-process servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistogram } from '../../measure/histogram.js';
import { BenchError } from '../../shared/errors.js';
import { startFixtureServer, type FixtureServerOptions } from '../testing/fixture-servers.js';
import type { ClosedLoopSpec, TrafficResult } from '../types.js';
import { runClosedLoop } from './engine.js';
import { shareConnections } from '../share.js';

function spec(port: number, overrides: Partial<ClosedLoopSpec> = {}): ClosedLoopSpec {
  return { kind: 'closed', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, connections: 2, durationMs: 1000, timeoutMs: 1000, ...overrides };
}

async function runAgainst(options: FixtureServerOptions, overrides: Partial<ClosedLoopSpec> = {}): Promise<{ result: TrafficResult; seen: number }> {
  const server = await startFixtureServer(options);
  try {
    const result = await runClosedLoop(spec(server.port, overrides));
    return { result, seen: server.requestCount() };
  } finally {
    await server.close();
  }
}

test('every response is recorded by us, in microseconds, with no uncorrected histogram', async () => {
  const { result, seen } = await runAgainst({ delayMs: 2 }, { request: { method: 'POST', path: '/p', bodyBytes: 10 } });
  assert.equal(result.kind, 'closed');
  assert.ok(result.requests > 10, `completed ${result.requests}`);
  assert.ok(seen >= result.requests);
  const latency = decodeHistogram(result.latencyUs);
  assert.equal(latency.totalCount, result.requests);
  assert.equal(result.statusCounts['200'], result.requests);
  // A 2 ms delay gives latencies like 2.3 ms: whole-ms recording would only hold multiples of 1000 µs.
  const values = [latency.minNonZeroValue, latency.getValueAtPercentile(50), latency.maxValue];
  assert.ok(values.some((v) => v % 1000 !== 0), `values ${values.join(',')}`);
  assert.equal(result.uncorrectedLatencyUs, undefined);
  assert.equal(result.sendLagUs, undefined);
  assert.ok(result.bytesRead > 0 && result.bytesWritten > 0);
  assert.ok(result.achievedRatePerSec > 0);
});

test('resets are counted as errors', async () => {
  const { result } = await runAgainst({ resetEvery: 5 });
  assert.ok((result.errors.reset ?? 0) > 0, JSON.stringify(result.errors));
  assert.ok(result.requests > 0);
});

test('targets off loopback are refused before any traffic', async () => {
  await assert.rejects(runClosedLoop(spec(80, { target: { host: '8.8.8.8', port: 80 } })), (e: unknown) => e instanceof BenchError && e.code === 'UNSAFE_TARGET');
  await assert.rejects(runClosedLoop(spec(80, { connections: 0 })), (e: unknown) => e instanceof BenchError && e.code === 'CONFIG');
});

test('workers split the connections: every connection driven once, the first workers taking the remainder', () => {
  for (const [connections, workers] of [[50, 2], [7, 3], [4, 4], [64, 5]] as const) {
    const shares = Array.from({ length: workers }, (_, index) => shareConnections(connections, { index, count: workers }));
    assert.equal(shares.reduce((a, b) => a + b, 0), connections);
    assert.ok(Math.max(...shares) - Math.min(...shares) <= 1, String(shares));
  }
  assert.equal(shareConnections(50), 50);
});
