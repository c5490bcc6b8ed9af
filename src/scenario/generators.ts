// How many generator workers a scenario runs and the CPU each is pinned to (pure).
import { expandCpuList } from './fields.js';
import type { Scenario } from './schema.js';

/**
 * One worker per CPU of `cpus.generator` ("0-3": four workers, on CPUs 0, 1, 2 and 3), or `generators` workers spread
 * over those CPUs in turn. One worker is today's single generator process.
 */
export function generatorCpus(scenario: Pick<Scenario, 'cpus' | 'generators'>): string[] {
  if (typeof scenario.generators === 'string') return [scenario.cpus.generator]; // Swarm tasks: none run on this machine's CPUs
  const cpus = expandCpuList(scenario.cpus.generator);
  const count = scenario.generators ?? cpus.length;
  if (count === 1 && scenario.generators === undefined) return [scenario.cpus.generator];
  return Array.from({ length: count }, (_, k) => String(cpus[k % cpus.length]));
}

/** Where the generator workers run: local processes pinned to CPUs, or N tasks of a Docker Swarm service. */
export type GeneratorPlacement = { kind: 'local'; cpus: string[] } | { kind: 'swarm'; replicas: number };

/** "swarm:N" (the scenario's `generators` or `--generators`) → the Swarm's N; otherwise the local workers' CPUs. */
export function generatorPlacement(scenario: Pick<Scenario, 'cpus' | 'generators'>): GeneratorPlacement {
  const swarm = typeof scenario.generators === 'string' ? /^swarm:(\d+)$/.exec(scenario.generators) : null;
  return swarm ? { kind: 'swarm', replicas: Number(swarm[1]) } : { kind: 'local', cpus: generatorCpus(scenario) };
}

/** How many workers share each phase, wherever they run. */
export function generatorWorkerCount(scenario: Pick<Scenario, 'cpus' | 'generators'>): number {
  const placement = generatorPlacement(scenario);
  return placement.kind === 'swarm' ? placement.replicas : placement.cpus.length;
}
