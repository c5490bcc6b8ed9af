// runLadder with a fake target, worker and connection table: capping, the fit on held connections, closing proxies, direct.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { performance } from 'node:perf_hooks';
import type { RunningTarget } from '../runtime/target.js';
import { parseScenarioText } from '../scenario/parse.js';
import type { LadderWorker } from '../traffic/ladder/client.js';
import type { HolderStatus } from '../traffic/ladder/protocol.js';
import { isLadderPhase, runLadder, type LadderDeps, type LadderEnv } from './run-ladder.js';

const text = `name: t
variants: [nginx]
phases:
  - name: idle
    duration: 30s
    traffic: { loop: ladder, kind: idle, steps: [0, 500, 1000, 2000, 4000], settle: { interval: 10ms, window: 3, maxWait: 1s } }
`;

function setup(options: { proxyFdLimit: number; held: (open: number) => number; bytesPerConn: number }) {
  const parsed = parseScenarioText(text, 't.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const scenario = parsed.value.scenario;
  const phase = scenario.phases[0]!;
  if (!isLadderPhase(phase)) throw new Error('not a ladder');
  let open = 0;
  let responses = 0;
  const status = (): HolderStatus => ({ open, opened: responses, failed: 0, closedByPeer: 0, responses, non2xx: 0, errors: {}, fdLimit: 20000 });
  const worker: LadderWorker = {
    pid: process.pid,
    init: async () => status(),
    open: async (n) => { responses += Math.max(0, n - open); open = n; return status(); },
    status: async () => status(),
    close: async () => { open = 0; return status(); },
    stop: async () => undefined,
  };
  const deps: LadderDeps = {
    startWorker: async () => worker,
    countConnections: () => ({ established: options.held(open), closeWait: 0, synRecv: 0 }),
    proxyFdLimit: () => options.proxyFdLimit,
  };
  const target: RunningTarget = {
    variant: 'nginx', address: { host: '127.0.0.1', port: 18080 }, version: '1', logFile: undefined,
    resources: { describe: 'fake', read: () => ({ cpuTicks: 0, processes: 2, threads: 2, rssBytes: 10_000_000 + options.bytesPerConn * options.held(open) }) },
    exit: () => undefined, stop: async () => undefined,
  };
  const t0 = performance.now();
  let upstreamRequests = 0;
  const ctx = {
    scenario, signal: new AbortController().signal, nowMs: () => performance.now() - t0, log: () => undefined,
    upstream: { resetStats: async () => { upstreamRequests = -responses; }, stats: async () => ({ requests: upstreamRequests + responses, connectionsOpened: 0, connectionsOpen: 0 }) },
  } as unknown as LadderEnv;
  return { ctx, target, phase, deps };
}

test('steps above the fd cap are capped and noted; the fit gives bytes per held connection', async () => {
  const { ctx, target, phase, deps } = setup({ proxyFdLimit: 1200, held: (n) => n, bytesPerConn: 500 });
  const l = await runLadder(ctx, target, phase, deps);
  assert.equal(l.capConnections, 1200 - 64 - 64);
  assert.deepEqual(l.steps.map((s) => [s.requested, s.target, s.capped, s.opened, s.held]), [
    [0, 0, false, 0, 0], [500, 500, false, 500, 500], [1000, 1000, false, 1000, 1000], [2000, 1072, true, 1072, 1072],
  ]);
  assert.deepEqual(l.stepsNotRun, [4000]);
  assert.equal(l.status, 'incomplete');
  assert.ok(l.steps.every((s) => s.settled));
  assert.equal(l.fitOn, 'held');
  assert.ok(Math.abs(l.fit!.bytesPerConn - 500) < 1e-6);
  assert.ok(Math.abs(l.fit!.r2 - 1) < 1e-9);
  assert.equal(l.upstreamRequests, 1072);
  assert.match(l.note ?? '', /step 2000 capped at 1072 connections by the fd limits/);
});

test('a proxy that keeps only some connections is reported as closing them, and costs per held connection', async () => {
  const { ctx, target, phase, deps } = setup({ proxyFdLimit: 20000, held: (n) => Math.min(n, 800), bytesPerConn: 2000 });
  const l = await runLadder(ctx, target, phase, deps);
  assert.equal(l.status, 'ok');
  assert.equal(l.closedByProxy, true);
  assert.match(l.note ?? '', /the proxy closed connections it was holding: held 800 of 4000 opened at step 4000/);
  assert.ok(l.fit!.bytesPerConn > 1999 && l.fit!.bytesPerConn < 2001);
});

test('direct runs no proxy: the ladder is recorded as skipped without starting a worker', async () => {
  const { ctx, target, phase, deps } = setup({ proxyFdLimit: 20000, held: (n) => n, bytesPerConn: 1 });
  const l = await runLadder(ctx, { ...target, variant: 'direct', resources: undefined }, phase, { ...deps, startWorker: () => assert.fail('no worker for direct') });
  assert.equal(l.status, 'skipped');
  assert.deepEqual(l.steps, []);
  assert.deepEqual(l.stepsNotRun, [0, 500, 1000, 2000, 4000]);
  assert.match(l.note ?? '', /direct runs no proxy process/);
});
