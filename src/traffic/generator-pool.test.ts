// Two pinned generator workers drive one phase: shares of the one schedule, split connections, an exact merge.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeHistogram } from '../measure/histogram.js';
import { startGeneratorPool, workerSpecs } from './generator-pool.js';
import { startFixtureServer } from './testing/fixture-servers.js';
import type { OpenLoopSpec, TrafficResult } from './types.js';

const errorTotal = (r: TrafficResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);

test('worker specs: worker k of N takes share k, all from one common start', () => {
  const spec: OpenLoopSpec = { kind: 'open', target: { host: '127.0.0.1', port: 1 }, request: { method: 'GET', path: '/' }, ratePerSec: 300, maxConnections: 8, durationMs: 1000, timeoutMs: 1000 };
  const specs = workerSpecs(spec, 3, 1234);
  assert.deepEqual(specs.map((s) => s.share), [{ index: 0, count: 3 }, { index: 1, count: 3 }, { index: 2, count: 3 }]);
  assert.ok(specs.every((s) => s.startAtEpochMs === 1234 && s.kind === 'open' && s.ratePerSec === 300));
});

test('two pinned workers: the open loop sends exactly the schedule between them; closed loop splits the connections', async () => {
  const server = await startFixtureServer();
  const pool = await startGeneratorPool(['0', '1']);
  try {
    assert.deepEqual(pool.pids.map((pid) => /Cpus_allowed_list:\s+(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]), ['0', '1']);
    const open = await pool.run({ kind: 'open', target: { host: '127.0.0.1', port: server.port }, request: { method: 'GET', path: '/' }, ratePerSec: 400, maxConnections: 8, durationMs: 500, timeoutMs: 2000 });
    assert.equal(open.workers?.length, 2);
    // Each worker accounts for exactly its 100 requests; together the 200 of the schedule, every one sent at most once.
    for (const w of open.workers!) assert.equal(w.requests + errorTotal(w) + w.unsent!, 100, JSON.stringify({ ...w, intervals: [] }));
    assert.equal(open.requests + errorTotal(open) + open.unsent!, 200);
    assert.equal(server.requestCount(), open.requests);
    assert.equal(open.targetRatePerSec, 400);
    assert.deepEqual(open.workers!.map((w) => w.targetRatePerSec), [200, 200]);
    assert.ok(open.workers!.every((w) => w.startLateMs !== undefined));
    const count = (e: string) => decodeHistogram(e).totalCount;
    assert.equal(count(open.latencyUs), open.requests);
    assert.equal(open.intervals.reduce((n, i) => n + count(i.latencyUs), 0), open.requests);
    assert.equal(count(open.latencyUs), open.workers!.reduce((n, w) => n + count(w.latencyUs), 0));

    const before = server.connectionCount();
    const closed = await pool.run({ kind: 'closed', target: { host: '127.0.0.1', port: server.port }, request: { method: 'GET', path: '/' }, connections: 5, durationMs: 1000, timeoutMs: 1000 });
    assert.equal(server.connectionCount() - before, 5, 'five connections in all, split 3 + 2');
    assert.deepEqual(closed.workers!.map((w) => w.share), [{ index: 0, count: 2 }, { index: 1, count: 2 }]);
    assert.equal(closed.requests, closed.workers!.reduce((n, w) => n + w.requests, 0));
  } finally {
    await pool.stop();
    await server.close();
  }
  assert.equal(pool.alive(), false);
});
