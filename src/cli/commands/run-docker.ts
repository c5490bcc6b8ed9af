// `proxybench run --runtime docker`: checks the engine and the network flag, makes the docker runtime and its provenance.
import { createDockerRuntime, type DockerRuntime } from '../../runtime/docker/docker-runtime.js';
import { engineFix } from '../../runtime/docker/availability.js';
import { inspectImage, swarmStatus } from '../../runtime/docker/docker-cli.js';
import { generatorWorkerImageName, imageRef } from '../../runtime/docker/naming.js';
import type { SwarmGenerator } from '../../runtime/docker/swarm/swarm-generator.js';
import type { Provenance } from '../../record/run.js';
import type { Scenario } from '../../scenario/schema.js';
import { EnvironmentError, UsageError } from '../../shared/errors.js';
import { repoRoot } from '../paths.js';

export async function dockerSetup(scenario: Scenario, networkFlag: string | undefined, swarm = false): Promise<{ runtime: DockerRuntime; provenance: NonNullable<Provenance['docker']> }> {
  if (networkFlag !== undefined && networkFlag !== 'host' && networkFlag !== 'bridge' && !(swarm && networkFlag === 'overlay')) {
    throw new UsageError(`unknown network mode "${networkFlag}"`, { hint: swarm ? 'Swarm generator workers reach the proxy over an overlay network of the run\'s own: leave --network out' : 'use --network host or --network bridge' });
  }
  // Swarm workers reach the run's containers only on an overlay network of the run's own.
  const network = swarm ? 'overlay' : ((networkFlag ?? scenario.docker?.network ?? 'host') as 'host' | 'bridge');
  const memoryBytes = scenario.docker?.memory;
  const runtime = createDockerRuntime({ network, memoryBytes, repoRoot: repoRoot() });
  const engine = await runtime.engine();
  if (!engine.reachable) {
    throw new EnvironmentError(`the docker runtime needs a docker engine: ${engine.reason}`, { hint: `${engineFix}; or use --runtime local` });
  }
  return { runtime, provenance: { network, engineVersion: engine.version, memoryBytes: memoryBytes ?? null } };
}

/**
 * `--generators swarm:N`: the engine must be a Swarm manager with the worker image built; the generator workers are
 * then one service of N tasks per phase (created, read and removed by the docker runtime).
 */
export async function swarmSetup(runtime: DockerRuntime, replicas: number, scenario: string, log: (line: string) => void): Promise<{ generator: { describe: string; start: () => Promise<SwarmGenerator> }; provenance: NonNullable<Provenance['swarm']> }> {
  const status = await swarmStatus();
  if (!status.manager) {
    throw new EnvironmentError(`--generators swarm:${replicas} needs a Docker Swarm: ${status.reason}`, { hint: 'docker swarm init --advertise-addr <this machine\'s address> (more machines: docker swarm join --token … on each)' });
  }
  const ref = imageRef(generatorWorkerImageName);
  const image = await inspectImage(ref);
  if (!image) throw new EnvironmentError(`image ${ref} (the Swarm generator worker) is not built`, { hint: `proxybench images build ${generatorWorkerImageName} (on every node of the swarm, or push it to a registry the nodes share)` });
  const describe = `${replicas} Swarm generator worker${replicas === 1 ? '' : 's'} per phase on ${status.nodes.length} node${status.nodes.length === 1 ? '' : 's'}`;
  log(describe);
  return {
    generator: { describe, start: () => runtime.startSwarmGenerator({ replicas, scenario, log }) },
    provenance: { replicas, image: ref, imageId: image.id, nodes: status.nodes },
  };
}
