// What a generator worker on another machine is handed: the phases, its common start times, the run's own target.
import type { TrafficSpec, WorkerShare } from '../types.js';

/** Plain data, passed in the worker's environment (PROXYBENCH_PLAN, base64 JSON). */
export interface RemotePlan {
  format: 1;
  scenario: string;
  /** Workers in all; each finds its own index in its environment (Kubernetes' completion index, Swarm's task slot). */
  count: number;
  /** The common start of the first phase, epoch ms; every later phase starts at a fixed offset from it. */
  t0EpochMs: number;
  /** Measured and warm-up phases in order; each spec's target is the run's own service. */
  phases: { name: string; spec: TrafficSpec }[];
  /** The service the run defined itself (see ownServiceName): the only host the workers may send to. */
  ownService: string;
}

/** Between phases: the drain (2 × timeout) and this margin, so phase p+1 never starts before every worker ended p. */
export const phaseGapMs = 2000;

/** The common start of every phase: the same arithmetic on every worker, so no worker needs another's clock. */
export function phaseStarts(plan: Pick<RemotePlan, 't0EpochMs' | 'phases'>): number[] {
  const starts: number[] = [];
  let at = plan.t0EpochMs;
  for (const { spec } of plan.phases) {
    starts.push(at);
    at += spec.durationMs + 2 * spec.timeoutMs + phaseGapMs;
  }
  return starts;
}

/** The spec worker `share.index` runs for phase `p`: its share, the phase's common start, the vouched service. */
export function remoteSpec(plan: RemotePlan, p: number, share: WorkerShare): TrafficSpec {
  return { ...plan.phases[p]!.spec, share, startAtEpochMs: phaseStarts(plan)[p]!, ownService: plan.ownService };
}

/** The worker's index from its environment: PROXYBENCH_WORKER_INDEX, Kubernetes' JOB_COMPLETION_INDEX, or Swarm's 1-based slot. */
export function workerIndexFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.PROXYBENCH_WORKER_INDEX ?? env.JOB_COMPLETION_INDEX ?? (env.PROXYBENCH_WORKER_SLOT !== undefined ? String(Number(env.PROXYBENCH_WORKER_SLOT) - 1) : undefined);
  const index = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

export function encodePlan(plan: RemotePlan): string {
  return Buffer.from(JSON.stringify(plan)).toString('base64');
}

export function decodePlan(encoded: string): RemotePlan {
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as RemotePlan;
}
