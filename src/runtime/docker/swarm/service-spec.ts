// Pure: the `docker service create` of a phase's generator workers, the tasks' states, and the workers' results from the service's logs.
import type { RemotePlan } from '../../../traffic/remote/plan.js';
import type { TrafficResult } from '../../../traffic/types.js';
import { parseWorkerOutputs } from '../../../traffic/worker-output.js';

/** Most replicas one phase may have (the scenario's `generators` bound). */
export const maxReplicas = 64;

export interface WorkerServiceSpec {
  /** pb-<run>-generators-<seq>: a service name of the run's own. */
  name: string;
  image: string;
  replicas: number;
  /** The run's own attachable overlay network (pb-<run>), where its proxy and upstream containers are. */
  network: string;
  /** On the service and on every task's container (proxybench.run=<run id>, so `clean` and the reaper find them). */
  labels: Record<string, string>;
  /** PROXYBENCH_PLAN (base64 JSON of the RemotePlan). */
  encodedPlan: string;
}

/** Every reason the spec must not be deployed; empty when it is fine. */
export function serviceSpecProblems(spec: WorkerServiceSpec): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(spec.replicas) || spec.replicas < 1 || spec.replicas > maxReplicas) problems.push(`replicas must be an integer in 1..${maxReplicas}, not ${spec.replicas}`);
  if (!/^pb-[a-zA-Z0-9_.-]+$/.test(spec.network)) problems.push(`network ${JSON.stringify(spec.network)} is not a network proxybench creates for a run (pb-<run id>)`);
  if (!spec.name.startsWith(`${spec.network}-`) || spec.name.length > 63) problems.push(`service ${JSON.stringify(spec.name)} must be named after the run's network and fit in 63 characters`);
  if (!spec.labels['proxybench.run']) problems.push('the service carries no proxybench.run label: clean could not find it');
  return problems;
}

/**
 * `docker service create` for N generator workers: never resolving the image at a registry (it exists only on the
 * nodes that built it), DNS round robin instead of the routing mesh's virtual IP (no IPVS needed), one task per slot
 * spread over the nodes, never restarted (a crashed worker is reported, not replaced mid-phase), each told its slot.
 */
export function serviceCreateArgs(spec: WorkerServiceSpec): string[] {
  const args = [
    'service', 'create', '--detach', '--no-resolve-image',
    '--name', spec.name,
    '--replicas', String(spec.replicas),
    '--endpoint-mode', 'dnsrr',
    '--network', spec.network,
    '--restart-condition', 'none',
    '--placement-pref', 'spread=node.id',
    '--init',
    '--stop-grace-period', '2s',
    '--log-driver', 'json-file',
  ];
  for (const [key, value] of Object.entries(spec.labels)) args.push('--label', `${key}=${value}`, '--container-label', `${key}=${value}`);
  args.push('--env', 'PROXYBENCH_WORKER_SLOT={{.Task.Slot}}', '--env', `PROXYBENCH_PLAN=${spec.encodedPlan}`);
  args.push(spec.image);
  return args;
}

export interface TaskState {
  slot: number;
  /** The first word of CurrentState: New, Pending, Assigned, Preparing, Starting, Running, Complete, Failed, … */
  state: string;
  error: string;
}

/** Format for `docker service ps --no-trunc --format` (a task's name is <service>.<slot>); parsed by parseTaskStates. */
export const taskPsFormat = '{{.Name}}\t{{.CurrentState}}\t{{.Error}}';

export function parseTaskStates(stdout: string): TaskState[] {
  return stdout.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [name, current, error] = line.split('\t');
    return { slot: Number((name ?? '').split('.').at(-1)), state: (current ?? '').trim().split(/\s+/)[0] ?? '', error: (error ?? '').trim() };
  });
}

const finished = new Set(['Complete', 'Failed', 'Rejected', 'Shutdown', 'Orphaned', 'Remove']);

/** Where the phase's tasks are: all done, one failed (a crashed worker), or still under way. */
export function taskProgress(tasks: readonly TaskState[], replicas: number): { kind: 'running' } | { kind: 'done' } | { kind: 'failed'; reasons: string[] } {
  const failed = tasks.filter((t) => finished.has(t.state) && t.state !== 'Complete');
  if (failed.length > 0) return { kind: 'failed', reasons: failed.map((t) => `worker ${t.slot}: ${t.state}${t.error ? ` (${t.error})` : ''}`) };
  const complete = new Set(tasks.filter((t) => t.state === 'Complete').map((t) => t.slot));
  return complete.size >= replicas ? { kind: 'done' } : { kind: 'running' };
}

/**
 * The workers' results of one phase from the service's logs (`docker service logs --raw`): exactly one result per
 * worker index of the plan, of this scenario and phase, in index order; `problems` names whatever is missing or wrong.
 */
export function collectWorkerResults(logs: string, plan: Pick<RemotePlan, 'scenario' | 'count'>, phase: string): { results: TrafficResult[]; problems: string[] } {
  const { outputs, problems } = parseWorkerOutputs(logs, 'service logs');
  const byIndex = new Map<number, TrafficResult>();
  for (const o of outputs) {
    if (o.scenario !== plan.scenario || o.phase !== phase) {
      problems.push(`a result of ${o.scenario}/${o.phase}, not of ${plan.scenario}/${phase}`);
    } else if (o.share.count !== plan.count || o.share.index < 0 || o.share.index >= plan.count) {
      problems.push(`a result of worker ${o.share.index + 1}/${o.share.count}, but the phase ran ${plan.count} workers`);
    } else if (byIndex.has(o.share.index)) {
      problems.push(`worker ${o.share.index + 1}/${plan.count} reported twice`);
    } else {
      byIndex.set(o.share.index, { ...o.result, share: o.share });
    }
  }
  for (let k = 0; k < plan.count; k++) if (!byIndex.has(k)) problems.push(`worker ${k + 1}/${plan.count} reported no result`);
  return { results: [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, r]) => r), problems };
}
