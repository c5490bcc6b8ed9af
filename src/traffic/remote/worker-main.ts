// A generator worker on another machine (a Swarm task, a Kubernetes pod): runs its share of every phase, prints results.
import { isEntryPoint } from '../../shared/entry-point.js';
import { systemClock, waitUntilEpoch } from '../../shared/clock.js';
import { runTraffic } from '../run-traffic.js';
import { formatWorkerOutput } from '../worker-output.js';
import { selfWarmupDurationMs, warmOnLoopback } from './self-warmup.js';
import { decodePlan, phaseStarts, remoteSpec, workerIndexFromEnv, type RemotePlan } from './plan.js';

/**
 * Runs every phase of `plan` as worker `index`, writing one result line per phase (and progress to stderr). With
 * `selfWarmup`, it first warms its engine on its own loopback when there is time before the first phase.
 */
export async function runRemoteWorker(plan: RemotePlan, index: number, write: (line: string) => void, log: (line: string) => void, selfWarmup = false): Promise<void> {
  const share = { index, count: plan.count };
  const starts = phaseStarts(plan);
  const warmMs = selfWarmup && plan.phases[0] ? selfWarmupDurationMs(starts[0]! - Date.now()) : 0;
  if (warmMs > 0) {
    log(`worker ${index + 1}/${plan.count}: warming up for ${warmMs} ms on its own loopback (not recorded)`);
    await warmOnLoopback(plan.phases[0]!.spec, plan.count, warmMs);
  }
  for (let p = 0; p < plan.phases.length; p++) {
    const { name } = plan.phases[p]!;
    await waitUntilEpoch(systemClock(), starts[p]! - 1000); // the warm pool opens in the last second before the start
    log(`worker ${index + 1}/${plan.count}: phase ${name}`);
    const result = await runTraffic(remoteSpec(plan, p, share));
    write(formatWorkerOutput({ scenario: plan.scenario, phase: name, share, result }));
  }
}

async function main(): Promise<number> {
  const encoded = process.env.PROXYBENCH_PLAN;
  const index = workerIndexFromEnv(process.env);
  if (encoded === undefined || index === undefined) {
    process.stderr.write('proxybench worker: needs PROXYBENCH_PLAN and a worker index (PROXYBENCH_WORKER_INDEX, JOB_COMPLETION_INDEX or PROXYBENCH_WORKER_SLOT)\n');
    return 3;
  }
  const plan = decodePlan(encoded);
  if (index >= plan.count) {
    process.stderr.write(`proxybench worker: index ${index} is outside the plan's ${plan.count} workers\n`);
    return 3;
  }
  // Every loop is bounded: past the plan's last phase (and a margin) the worker exits whatever it is doing.
  const starts = phaseStarts(plan);
  const last = plan.phases.at(-1)?.spec;
  const endMs = (starts.at(-1) ?? Date.now()) + (last ? last.durationMs + 2 * last.timeoutMs : 0) + 30_000;
  setTimeout(() => {
    process.stderr.write('proxybench worker: past the plan\'s end, exiting\n');
    process.exit(4);
  }, Math.max(0, endMs - Date.now())).unref();
  await runRemoteWorker(plan, index, (line) => process.stdout.write(`${line}\n`), (line) => process.stderr.write(`${line}\n`), true);
  return 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main();
