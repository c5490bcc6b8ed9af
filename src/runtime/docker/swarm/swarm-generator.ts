// The run's load generator as Swarm tasks: per phase one service of N workers on the run's overlay, their results merged exactly.
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchError } from '../../../shared/errors.js';
import { mergeTrafficResults } from '../../../traffic/merge.js';
import { encodePlan, phaseGapMs, type RemotePlan } from '../../../traffic/remote/plan.js';
import { ownServiceName } from '../../../traffic/safety.js';
import type { TrafficResult, TrafficSpec } from '../../../traffic/types.js';
import { docker, dockerOrThrow, removeAll } from '../docker-cli.js';
import { generatorWorkerImageName, imageRef } from '../naming.js';
import type { DockerSession } from '../session.js';
import { collectWorkerResults, parseTaskStates, serviceCreateArgs, serviceSpecProblems, taskPsFormat, taskProgress, type WorkerServiceSpec } from './service-spec.js';

export interface SwarmGeneratorOptions {
  replicas: number;
  scenario: string;
  /**
   * How far after the service's creation the common start T0 lies: the time its tasks get to be scheduled, started and
   * connected. A task that comes up later still sends its share of the schedule from T0 and reports how late it was
   * (the phase is then invalid), so a short lead costs validity, never exactness.
   */
  leadMs?: number;
  /** How often the tasks' states are read. */
  pollMs?: number;
  log?: (line: string) => void;
}

/** Shaped like the run's LoadGenerator (src/run/generator-supply.ts); no pids on this machine. */
export interface SwarmGenerator {
  pids: number[];
  alive(): boolean;
  /** One phase: a service of N workers, T0 handed to all, their results merged exactly; the service removed on every way out. */
  run(spec: TrafficSpec): Promise<TrafficResult>;
  stop(): Promise<void>;
}

export const defaultLeadMs = 8000;

/** How long after T0 a phase's workers must have ended: the phase, its drain, the worker's own exit margin, a margin here. */
export function phaseDeadlineMs(spec: TrafficSpec, t0EpochMs: number): number {
  return t0EpochMs + spec.durationMs + 2 * spec.timeoutMs + phaseGapMs + 30_000 + 15_000;
}

/** The plan one phase's service is handed: the phase with the target as the workers reach it, their common start. */
export function phasePlan(spec: TrafficSpec, inside: { host: string; port: number }, options: { scenario: string; replicas: number; t0EpochMs: number; phase: string }): RemotePlan {
  return {
    format: 1,
    scenario: options.scenario,
    count: options.replicas,
    t0EpochMs: options.t0EpochMs,
    phases: [{ name: options.phase, spec: { ...spec, target: { host: inside.host, port: inside.port } } }],
    ownService: inside.host,
  };
}

export function createSwarmGenerator(session: DockerSession, options: SwarmGeneratorOptions): SwarmGenerator {
  const leadMs = options.leadMs ?? defaultLeadMs;
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? (() => undefined);
  const stopper = new AbortController();
  let broken = false;

  const remove = async (name: string) => {
    await removeAll([], [], [name]);
    session.releaseService(name);
  };

  const waitForTasks = async (name: string, deadlineMs: number) => {
    for (;;) {
      if (stopper.signal.aborted) throw new BenchError('GENERATOR_STOPPED', 'the Swarm generator workers were stopped');
      const ps = await docker(['service', 'ps', '--no-trunc', '--format', taskPsFormat, name], 30_000);
      const progress = taskProgress(parseTaskStates(ps.stdout), options.replicas);
      if (progress.kind === 'done') return;
      if (progress.kind === 'failed') {
        const tail = (await docker(['service', 'logs', '--raw', '--tail', '20', name], 30_000)).stderr.split('\n').slice(-5).join(' / ');
        throw new BenchError('GENERATOR_EXITED', `a Swarm generator worker of ${name} failed: ${progress.reasons.join('; ')}`, { hint: tail ? `its last words: ${tail}` : `docker service ps --no-trunc ${name}` });
      }
      if (Date.now() > deadlineMs) throw new BenchError('GENERATOR_TIMEOUT', `the Swarm generator workers of ${name} did not finish in time`, { hint: `docker service ps --no-trunc ${name}` });
      await sleep(pollMs, undefined, { signal: stopper.signal }).catch(() => undefined);
    }
  };

  return {
    pids: [],
    alive: () => !broken && !stopper.signal.aborted,
    async run(spec) {
      const runId = session.runId();
      const network = session.networkName();
      const inside = session.workerTarget(spec.target);
      if (!runId || !network || session.options.network !== 'overlay') {
        throw new BenchError('GENERATOR_EXITED', 'Swarm generator workers need the docker runtime on an overlay network of the run\'s own', { hint: 'run with --generators swarm:N (it sets both)' });
      }
      if (!inside || !ownServiceName.test(inside.host)) {
        throw new BenchError('UNSAFE_TARGET', `refusing to send traffic to ${spec.target.host}:${spec.target.port}: not a container this run started on its network ${network}`, {
          hint: 'Swarm workers drive only the run\'s own proxy and upstream containers, by their alias on the run\'s overlay',
        });
      }
      const name = session.nextName('generators'); // pb-<run>-generators-<n>: unique in the run, whichever generator made it
      const t0EpochMs = Date.now() + leadMs;
      const plan = phasePlan(spec, inside, { scenario: options.scenario, replicas: options.replicas, t0EpochMs, phase: name });
      const serviceSpec: WorkerServiceSpec = {
        name, image: imageRef(generatorWorkerImageName), replicas: options.replicas, network, labels: session.labels('generator'), encodedPlan: encodePlan(plan),
      };
      const problems = serviceSpecProblems(serviceSpec);
      if (problems.length > 0) throw new BenchError('GENERATOR_EXITED', `the Swarm service of the generator workers is not right: ${problems.join('; ')}`);
      session.trackService(name); // before docker is asked: a stop meanwhile still finds it
      try {
        await dockerOrThrow(serviceCreateArgs(serviceSpec), 60_000);
        log(`${options.replicas} Swarm generator workers (${name}) → ${inside.host}:${inside.port}, common start in ${(leadMs / 1000).toFixed(0)} s`);
        await waitForTasks(name, phaseDeadlineMs(spec, t0EpochMs));
        const logs = await docker(['service', 'logs', '--raw', name], 60_000);
        const { results, problems: missing } = collectWorkerResults(logs.stdout, plan, name);
        if (missing.length > 0) throw new BenchError('GENERATOR_EXITED', `the Swarm generator workers of ${name} did not all report: ${missing.join('; ')}`, { hint: `docker service logs ${name}` });
        return mergeTrafficResults(results);
      } catch (error) {
        broken = !stopper.signal.aborted; // a fresh generator for the next phase (generatorSupply asks alive())
        throw error;
      } finally {
        await remove(name);
      }
    },
    async stop() {
      stopper.abort();
    },
  };
}
