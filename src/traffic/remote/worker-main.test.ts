// Remote workers (as Swarm tasks or Kubernetes pods run them): their shares, common starts, result lines, the vouched target.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchError } from '../../shared/errors.js';
import { mergeTrafficResults } from '../merge.js';
import { assertLoopbackTarget } from '../safety.js';
import { startFixtureServer } from '../testing/fixture-servers.js';
import { parseWorkerOutputs } from '../worker-output.js';
import { decodePlan, encodePlan, phaseStarts, workerIndexFromEnv, type RemotePlan } from './plan.js';
import { runRemoteWorker } from './worker-main.js';

test('two remote workers share the schedule from one common start; their result lines merge into the whole phase', async () => {
  const server = await startFixtureServer();
  try {
    const target = { host: '127.0.0.1', port: server.port };
    const request = { method: 'GET' as const, path: '/' };
    const plan: RemotePlan = {
      format: 1, scenario: 'remote', count: 2, t0EpochMs: Date.now() + 1500, ownService: 'pb-remote-target',
      phases: [
        { name: 'warm', spec: { kind: 'closed', target, request, connections: 2, durationMs: 300, timeoutMs: 500 } },
        { name: 'load', spec: { kind: 'open', target, request, ratePerSec: 200, maxConnections: 4, durationMs: 500, timeoutMs: 500 } },
      ],
    };
    assert.deepEqual(decodePlan(encodePlan(plan)), plan);
    const starts = phaseStarts(plan);
    assert.equal(starts[1]! - starts[0]!, 300 + 2 * 500 + 2000);
    const lines: string[] = [];
    await Promise.all([0, 1].map((k) => runRemoteWorker(plan, k, (l) => lines.push(l), () => undefined)));
    const { outputs, problems } = parseWorkerOutputs(['noise', ...lines, ''].join('\n'), 'logs');
    assert.deepEqual(problems, []);
    assert.equal(outputs.length, 4);
    const load = outputs.filter((o) => o.phase === 'load');
    assert.deepEqual(load.map((o) => o.share.index).sort(), [0, 1]);
    const merged = mergeTrafficResults(load.map((o) => o.result));
    const errors = Object.values(merged.errors).reduce((a, b) => a + b, 0);
    assert.equal(merged.requests + errors + merged.unsent!, 100, 'the two shares are the one schedule');
    for (const o of load) assert.ok(Math.abs(o.result.startedAtMs - starts[1]!) < 1000, 'each started at the common start');
  } finally {
    await server.close();
  }
});

test('a remote worker sends only to loopback or to the one service the run defined itself', () => {
  assert.doesNotThrow(() => assertLoopbackTarget({ host: 'pb-r1-target', port: 80 }, 'pb-r1-target'));
  assert.doesNotThrow(() => assertLoopbackTarget({ host: 'pb-r1-target.pb-r1.svc.cluster.local', port: 80 }, 'pb-r1-target.pb-r1.svc.cluster.local'));
  const unsafe = (e: unknown) => e instanceof BenchError && e.code === 'UNSAFE_TARGET';
  assert.throws(() => assertLoopbackTarget({ host: 'pb-r1-target', port: 80 }), unsafe);
  assert.throws(() => assertLoopbackTarget({ host: 'example.com', port: 80 }, 'example.com'), unsafe, 'a name proxybench does not give its services');
  assert.throws(() => assertLoopbackTarget({ host: 'pb-other-target', port: 80 }, 'pb-r1-target'), unsafe);
});

test('the worker index comes from the orchestrator: Kubernetes completion index or Swarm task slot', () => {
  assert.equal(workerIndexFromEnv({ JOB_COMPLETION_INDEX: '2' }), 2);
  assert.equal(workerIndexFromEnv({ PROXYBENCH_WORKER_SLOT: '1' }), 0);
  assert.equal(workerIndexFromEnv({ PROXYBENCH_WORKER_INDEX: '0', JOB_COMPLETION_INDEX: '5' }), 0);
  assert.equal(workerIndexFromEnv({}), undefined);
  assert.equal(workerIndexFromEnv({ JOB_COMPLETION_INDEX: 'x' }), undefined);
});
