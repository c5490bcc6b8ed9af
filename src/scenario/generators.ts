// How many generator workers a scenario runs and the CPU each is pinned to (pure).
import { expandCpuList } from './fields.js';
import type { Scenario } from './schema.js';

/**
 * One worker per CPU of `cpus.generator` ("0-3": four workers, on CPUs 0, 1, 2 and 3), or `generators` workers spread
 * over those CPUs in turn. One worker is today's single generator process.
 */
export function generatorCpus(scenario: Pick<Scenario, 'cpus' | 'generators'>): string[] {
  const cpus = expandCpuList(scenario.cpus.generator);
  const count = scenario.generators ?? cpus.length;
  if (count === 1 && scenario.generators === undefined) return [scenario.cpus.generator];
  return Array.from({ length: count }, (_, k) => String(cpus[k % cpus.length]));
}
