// The docker runtime: variants and the upstream as labelled, pinned containers measured from their cgroups.
import type { Runtime } from '../runtime.js';
import { dockerAvailability, type DockerAvailability } from './availability.js';
import { engineStatus, type EngineStatus } from './docker-cli.js';
import { createDockerSession, type DockerRuntimeOptions } from './session.js';
import { startDockerUpstream } from './start-upstream.js';
import { startDockerVariant } from './start-variant.js';
import { createSwarmGenerator, type SwarmGenerator, type SwarmGeneratorOptions } from './swarm/swarm-generator.js';

export type { DockerRuntimeOptions, NetworkMode } from './session.js';

export interface DockerRuntime extends Runtime {
  name: 'docker';
  availability(variant: Parameters<Runtime['availability']>[0]): Promise<DockerAvailability>;
  /** The engine's status, looked up once per runtime. */
  engine(): Promise<EngineStatus>;
  /** Generator workers as Swarm tasks on the run's overlay network (network mode overlay), one service per phase. */
  startSwarmGenerator(options: SwarmGeneratorOptions): Promise<SwarmGenerator>;
}

export function createDockerRuntime(options: DockerRuntimeOptions): DockerRuntime {
  const session = createDockerSession(options);
  let engine: Promise<EngineStatus> | undefined;
  const lookUpEngine = () => (engine ??= engineStatus());
  return {
    name: 'docker',
    engine: lookUpEngine,
    availability: async (variant) => dockerAvailability(variant, await lookUpEngine(), (v) => session.imageOutOfDate(v)),
    startUpstream: async (o) => {
      await session.begin(o.runId);
      return startDockerUpstream(session, o);
    },
    startVariant: async (variant, o, version) => {
      await session.begin(undefined);
      return startDockerVariant(session, variant, o, version);
    },
    startSwarmGenerator: async (o) => createSwarmGenerator(session, o),
    close: () => session.close(),
    killAllNow: () => session.killAllNow(),
  };
}
