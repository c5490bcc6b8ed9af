// Tests for the generator child process: IPC runs, error codes passed back, CPU pinning, bounded stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BenchError, ConfigError } from '../shared/errors.js';
import { startGenerator } from './generator.js';
import { startFixtureServer } from './testing/fixture-servers.js';
import type { OpenLoopSpec } from './types.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function openSpec(port: number, host = '127.0.0.1'): OpenLoopSpec {
  return { kind: 'open', target: { host, port }, request: { method: 'GET', path: '/' }, ratePerSec: 200, maxConnections: 4, durationMs: 300, timeoutMs: 1000 };
}

test('a pinned child runs phases over IPC and passes BenchError codes back', async () => {
  const server = await startFixtureServer();
  const generator = await startGenerator({ cpus: '0' });
  try {
    const status = readFileSync(`/proc/${generator.pid}/status`, 'utf8');
    assert.match(status, /Cpus_allowed_list:\s+0\n/);
    const result = await generator.run(openSpec(server.port));
    assert.equal(result.kind, 'open');
    assert.equal(result.requests + (result.unsent ?? 0), 60);
    assert.equal(server.requestCount(), result.requests);
    // A ConfigError raised inside the child comes back as one, with every problem (what the user reads); so does the
    // (parent-side) target check.
    await assert.rejects(generator.run({ ...openSpec(server.port), ratePerSec: -1, maxConnections: 0 }), (e: unknown) =>
      e instanceof ConfigError && e.problems.length === 2 && e.problems[0] === 'ratePerSec must be in (0, 1000000]' && /maxConnections/.test(e.problems[1]!));
    await assert.rejects(generator.run(openSpec(80, '192.168.0.1')), (e: unknown) => e instanceof BenchError && e.code === 'UNSAFE_TARGET');
    const closed = await generator.run({ kind: 'closed', target: { host: '127.0.0.1', port: server.port }, request: { method: 'GET', path: '/' }, connections: 2, durationMs: 1000, timeoutMs: 1000 });
    assert.equal(closed.kind, 'closed');
    assert.ok(closed.requests > 0);
  } finally {
    await generator.stop();
    await server.close();
  }
  assert.equal(isAlive(generator.pid), false);
  await assert.rejects(generator.run(openSpec(1)), (e: unknown) => e instanceof BenchError && e.code === 'GENERATOR_EXITED');
});

test('a run that outlives its bound is abandoned and the child killed', async () => {
  const server = await startFixtureServer({ silent: true });
  const generator = await startGenerator({ marginMs: -1900 });
  try {
    // Limit = 300 + 2 × 1000 - 1900 = 400 ms, but the silent server makes the phase take 300 + 1000 ms.
    await assert.rejects(generator.run(openSpec(server.port)), (e: unknown) => e instanceof BenchError && e.code === 'GENERATOR_TIMEOUT');
  } finally {
    await generator.stop();
    await server.close();
  }
  assert.equal(isAlive(generator.pid), false);
});

test('a bad CPU list is refused and leaves no child behind', async () => {
  await assert.rejects(startGenerator({ cpus: '0;rm' }), (e: unknown) => e instanceof BenchError && e.code === 'CONFIG');
  await assert.rejects(startGenerator({ cpus: '999' }), (e: unknown) => e instanceof BenchError && e.code === 'ENVIRONMENT');
});
