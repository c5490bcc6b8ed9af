// The Swarm service of a phase's generator workers: its flags, the tasks' states, and their results read back from the logs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLatencyHistogram, decodeHistogram, encodeHistogram } from '../../../measure/histogram.js';
import { mergeTrafficResults } from '../../../traffic/merge.js';
import { decodePlan, encodePlan } from '../../../traffic/remote/plan.js';
import { assertLoopbackTarget } from '../../../traffic/safety.js';
import type { TrafficResult, TrafficSpec } from '../../../traffic/types.js';
import { formatWorkerOutput } from '../../../traffic/worker-output.js';
import { containerName, workerTargetAlias } from '../naming.js';
import { phasePlan } from './swarm-generator.js';
import { collectWorkerResults, parseTaskStates, serviceCreateArgs, serviceSpecProblems, taskProgress, type WorkerServiceSpec } from './service-spec.js';

const runId = '20261202-004000-swarm-ab12';
const spec = (over: Partial<WorkerServiceSpec> = {}): WorkerServiceSpec => ({
  name: containerName(runId, 'generators', 1), image: 'proxybench/generator-worker:latest', replicas: 3, network: `pb-${runId}`,
  labels: { 'proxybench.run': runId, 'proxybench.owner': 'box:42', 'proxybench.role': 'generator' }, encodedPlan: 'e30=', ...over,
});

/** The value following each occurrence of `flag`. */
const values = (args: string[], flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));

test('the service: no registry lookup, DNS round robin, the run\'s overlay, N replicas spread over nodes, never restarted, labelled for clean', () => {
  const args = serviceCreateArgs(spec());
  assert.deepEqual(args.slice(0, 2), ['service', 'create']);
  assert.ok(args.includes('--detach') && args.includes('--no-resolve-image'), 'never asks a registry for the digest (moby/moby#31427)');
  assert.deepEqual(values(args, '--replicas'), ['3']);
  assert.deepEqual(values(args, '--endpoint-mode'), ['dnsrr'], 'no routing-mesh VIP (needs IPVS)');
  assert.deepEqual(values(args, '--network'), [`pb-${runId}`]);
  assert.deepEqual(values(args, '--restart-condition'), ['none'], 'a crashed worker is reported, not replaced mid-phase');
  assert.deepEqual(values(args, '--placement-pref'), ['spread=node.id']);
  assert.deepEqual(values(args, '--name'), [`pb-${runId}-generators-1`]);
  for (const flag of ['--label', '--container-label']) assert.ok(values(args, flag).includes(`proxybench.run=${runId}`), `${flag}: the service and its tasks' containers`);
  const env = values(args, '--env');
  assert.ok(env.includes('PROXYBENCH_WORKER_SLOT={{.Task.Slot}}'), 'each task learns its slot from Swarm');
  assert.ok(env.includes('PROXYBENCH_PLAN=e30='));
  assert.equal(args.at(-1), 'proxybench/generator-worker:latest', 'the image is last: its own CMD runs the worker');
  assert.deepEqual(serviceSpecProblems(spec()), []);
});

test('a service spec outside the run\'s own names or bounds is refused before docker sees it', () => {
  assert.match(serviceSpecProblems(spec({ replicas: 0 })).join(), /replicas/);
  assert.match(serviceSpecProblems(spec({ replicas: 65 })).join(), /replicas/);
  assert.match(serviceSpecProblems(spec({ network: 'ingress' })).join(), /not a network proxybench creates/);
  assert.match(serviceSpecProblems(spec({ name: 'pb-other-generators-1' })).join(), /named after the run's network/);
  assert.match(serviceSpecProblems(spec({ labels: {} })).join(), /proxybench.run/);
});

test('the plan aims the workers at the target\'s alias on the run\'s network, which only the worker\'s own check accepts', () => {
  const alias = workerTargetAlias(`pb-${runId}-nginx-3`);
  assert.equal(alias, `pb-${runId}-nginx-3-target`);
  const phase: TrafficSpec = { kind: 'open', target: { host: '127.0.0.1', port: 41000 }, request: { method: 'GET', path: '/' }, ratePerSec: 300, maxConnections: 6, durationMs: 3000, timeoutMs: 1000 };
  const plan = phasePlan(phase, { host: alias, port: 8080 }, { scenario: 'swarm', replicas: 3, t0EpochMs: 1_800_000_000_000, phase: 'p' });
  assert.deepEqual(decodePlan(encodePlan(plan)), plan);
  assert.deepEqual(plan.phases[0]!.spec.target, { host: alias, port: 8080 });
  assert.equal(plan.ownService, alias);
  assert.equal(plan.count, 3);
  assert.doesNotThrow(() => assertLoopbackTarget(plan.phases[0]!.spec.target, plan.ownService));
  assert.throws(() => assertLoopbackTarget({ host: 'pb-x-nginx-3', port: 8080 }, 'pb-x-nginx-3'), /refusing/, 'a name not ending in -target is no alias of the run\'s');
});

test('task states: done when every slot completed; a failed or rejected task is a crashed worker', () => {
  const ps = (rows: string[]) => parseTaskStates(rows.map((r) => `pb-r-generators-1.${r}`).join('\n') + '\n');
  assert.deepEqual(ps(['1\tRunning 2 seconds ago\t', '2\tPreparing 1 second ago\t'])[1], { slot: 2, state: 'Preparing', error: '' });
  assert.deepEqual(taskProgress(ps(['1\tRunning 2 seconds ago\t', '2\tComplete 1 second ago\t']), 2), { kind: 'running' });
  assert.deepEqual(taskProgress(ps(['1\tComplete 3 seconds ago\t', '2\tComplete 1 second ago\t']), 2), { kind: 'done' });
  assert.deepEqual(taskProgress(ps(['1\tComplete 3 seconds ago\t']), 2), { kind: 'running' }, 'a task not yet listed is not done');
  const failed = taskProgress(ps(['1\tComplete 3 seconds ago\t', '2\tFailed 1 second ago\ttask: non-zero exit (4)']), 2);
  assert.deepEqual(failed, { kind: 'failed', reasons: ['worker 2: Failed (task: non-zero exit (4))'] });
  assert.equal(taskProgress(ps(['1\tRejected 1 second ago\tNo such image: proxybench/generator-worker:latest']), 1).kind, 'failed');
});

/** A worker's result for one phase: `n` requests at latencies 100·k + index µs. */
function workerResult(index: number, n: number): TrafficResult {
  const h = createLatencyHistogram();
  for (let k = 1; k <= n; k++) h.recordValue(100 * k + index);
  const latencyUs = encodeHistogram(h);
  return {
    kind: 'open', startedAtMs: 1000, endedAtMs: 4000, requests: n, non2xx: 0, errors: {}, statusCounts: { 200: n }, latencyUs,
    intervals: [{ startMs: 0, endMs: 1000, latencyUs }], achievedRatePerSec: n / 3, targetRatePerSec: 100, unsent: 0, bytesRead: n * 10, bytesWritten: n * 20,
    share: { index, count: 3 },
  };
}

test('the service logs hold one result line per worker among other output: read in index order, and they merge exactly', () => {
  const lines = [2, 0, 1].map((k) => formatWorkerOutput({ scenario: 'swarm', phase: 'p', share: { index: k, count: 3 }, result: workerResult(k, 50 + k) }));
  const logs = ['worker 3/3: phase p', lines[0], 'worker 1/3: phase p', lines[1], lines[2], ''].join('\n');
  const { results, problems } = collectWorkerResults(logs, { scenario: 'swarm', count: 3 }, 'p');
  assert.deepEqual(problems, []);
  assert.deepEqual(results.map((r) => r.share!.index), [0, 1, 2]);
  const merged = mergeTrafficResults(results);
  assert.equal(merged.requests, 50 + 51 + 52);
  const all = createLatencyHistogram();
  for (const k of [0, 1, 2]) for (let j = 1; j <= 50 + k; j++) all.recordValue(100 * j + k);
  const m = decodeHistogram(merged.latencyUs);
  for (const q of [50, 90, 99, 99.9, 100]) assert.equal(m.getValueAtPercentile(q), all.getValueAtPercentile(q), `p${q} of the merge is p${q} of all samples`);
  assert.equal(merged.workers?.length, 3, 'each worker\'s own result is kept (its own .hlog tag, its own validity)');
});

test('a missing, doubled or foreign result line is named, never merged silently', () => {
  const line = (k: number, over: { scenario?: string; phase?: string; count?: number } = {}) =>
    formatWorkerOutput({ scenario: over.scenario ?? 'swarm', phase: over.phase ?? 'p', share: { index: k, count: over.count ?? 3 }, result: workerResult(k, 10) });
  const { results, problems } = collectWorkerResults([line(0), line(0), line(1, { phase: 'q' }), line(2, { count: 4 }), 'proxybench-worker-result {not json'].join('\n'), { scenario: 'swarm', count: 3 }, 'p');
  assert.equal(results.length, 1);
  assert.ok(problems.some((p) => /worker 1\/3 reported twice/.test(p)), problems.join('; '));
  assert.ok(problems.some((p) => /swarm\/q, not of swarm\/p/.test(p)), problems.join('; '));
  assert.ok(problems.some((p) => /ran 3 workers/.test(p)), problems.join('; '));
  assert.ok(problems.some((p) => /unreadable/.test(p)), problems.join('; '));
  assert.ok(problems.some((p) => /worker 2\/3 reported no result/.test(p)) && problems.some((p) => /worker 3\/3 reported no result/.test(p)), problems.join('; '));
});
