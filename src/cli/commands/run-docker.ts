// `proxybench run --runtime docker`: checks the engine and the network flag, makes the docker runtime and its provenance.
import { createDockerRuntime, type DockerRuntime } from '../../runtime/docker/docker-runtime.js';
import { engineFix } from '../../runtime/docker/availability.js';
import type { Provenance } from '../../record/run.js';
import type { Scenario } from '../../scenario/schema.js';
import { EnvironmentError, UsageError } from '../../shared/errors.js';

export async function dockerSetup(scenario: Scenario, networkFlag: string | undefined): Promise<{ runtime: DockerRuntime; provenance: NonNullable<Provenance['docker']> }> {
  if (networkFlag !== undefined && networkFlag !== 'host' && networkFlag !== 'bridge') {
    throw new UsageError(`unknown network mode "${networkFlag}"`, { hint: 'use --network host or --network bridge' });
  }
  const network = (networkFlag ?? scenario.docker?.network ?? 'host') as 'host' | 'bridge';
  const memoryBytes = scenario.docker?.memory;
  const runtime = createDockerRuntime({ network, memoryBytes });
  const engine = await runtime.engine();
  if (!engine.reachable) {
    throw new EnvironmentError(`the docker runtime needs a docker engine: ${engine.reason}`, { hint: `${engineFix}; or use --runtime local` });
  }
  return { runtime, provenance: { network, engineVersion: engine.version, memoryBytes: memoryBytes ?? null } };
}
