// The state of one docker run: its run id and label, the containers and network it created, the watchdog; all torn down on close.
import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import type { TargetAddress } from '../../traffic/types.js';
import { forkWatchdog } from '../watchdog.js';
import type { NetworkSpec } from './run-args.js';
import { EnvironmentError } from '../../shared/errors.js';
import { dockerOrThrow, removeAll, removeLabelledSync, swarmStatus } from './docker-cli.js';
import type { StartedContainer } from './container.js';
import { containerName, fallbackRunId, networkName, ownerLabelKey, ownerValue, runLabel, runLabelKey, upstreamImageName } from './naming.js';
import { imageOutOfDate } from './images/freshness.js';
import type { Variant } from '../variants.js';

/** host: the host's network; bridge: a bridge network of the run's own; overlay: an attachable Swarm overlay of the run's own (Swarm generator workers). */
export type NetworkMode = 'host' | 'bridge' | 'overlay';

export interface DockerRuntimeOptions {
  network: NetworkMode;
  /** Hard memory limit of every container (proxy and upstream); undefined = none. */
  memoryBytes?: number;
  /** The checkout images are built from: with it, an image that differs from what `images build` would make now is named. */
  repoRoot?: string;
}

export interface DockerSession {
  readonly options: DockerRuntimeOptions;
  /** Fixes the run id (the first start does; later calls keep it), starts the watchdog and, on bridge, the network. */
  begin(runId: string | undefined): Promise<string>;
  runId(): string | undefined;
  labels(role: string, extra?: Record<string, string>): Record<string, string>;
  nextName(role: string): string;
  /** The network spec of a container publishing these host ports (bridge) or host networking. */
  network(publish: { hostPort: number; containerPort: number }[], aliases?: string[]): NetworkSpec;
  track(idOrName: string): void;
  /** Bridge mode: where containers reach the upstream published at `published` (its address on the run's network). */
  upstreamInside(published: TargetAddress): TargetAddress | undefined;
  /** Records (or, with undefined, forgets) an upstream's address on the run's network: the benign one and the oracle differ. */
  setUpstreamInside(published: TargetAddress, inside: TargetAddress | undefined): void;
  networkName(): string | undefined;
  /** On the run's network: the alias and port Swarm workers send to for a target published at `published` (undefined: none of the run's). */
  workerTarget(published: TargetAddress): TargetAddress | undefined;
  /** Records (or, with undefined, forgets) the alias and port a started container is reached at on the run's network. */
  setWorkerTarget(published: TargetAddress, inside: TargetAddress | undefined): void;
  /** A Swarm service the run created (removed on close, on every way out). */
  trackService(name: string): void;
  releaseService(name: string): void;
  adopt(container: StartedContainer): void;
  release(container: StartedContainer): void;
  close(): Promise<void>;
  killAllNow(): void;
  /** Why the variant's image (the upstream's, without one) is out of date with the checkout, or undefined; looked up once each. */
  imageOutOfDate(variant: Variant | undefined): Promise<string | undefined>;
}

export function createDockerSession(options: DockerRuntimeOptions): DockerSession {
  let runId: string | undefined;
  let network: string | undefined;
  let reaper: ChildProcess | undefined;
  let seq = 0;
  const names = new Set<string>();
  const live = new Set<StartedContainer>();
  const inside = new Map<string, TargetAddress>();
  const workerTargets = new Map<string, TargetAddress>();
  const services = new Set<string>();
  const key = (a: TargetAddress) => `${a.host}:${a.port}`;
  const owner = ownerValue(hostname(), process.pid);
  const freshness = new Map<string, Promise<string | undefined>>();
  return {
    options,
    imageOutOfDate(variant) {
      const { repoRoot } = options;
      if (repoRoot === undefined) return Promise.resolve(undefined);
      const name = variant?.manifest.name ?? upstreamImageName;
      const key = `${name}\u0000${variant?.dir ?? ''}`;
      if (!freshness.has(key)) freshness.set(key, imageOutOfDate(repoRoot, variant ? [variant] : [], name).catch(() => undefined));
      return freshness.get(key)!;
    },
    async begin(requested) {
      if (runId) return runId;
      runId = requested ?? fallbackRunId(new Date(), process.pid);
      reaper = startReaper(runLabel(runId));
      if (options.network !== 'host') {
        network = networkName(runId);
        if (options.network === 'overlay') await assertSwarmManager();
        const driver = options.network === 'overlay' ? ['--driver', 'overlay', '--attachable'] : ['--driver', 'bridge'];
        await dockerOrThrow(['network', 'create', ...driver, '--label', runLabel(runId), '--label', `${ownerLabelKey}=${owner}`, network]);
      }
      return runId;
    },
    runId: () => runId,
    labels: (role, extra = {}) => ({ [runLabelKey]: runId ?? 'unknown', [ownerLabelKey]: owner, 'proxybench.role': role, ...extra }),
    nextName: (role) => containerName(runId ?? 'unknown', role, ++seq),
    network(publish, aliases) {
      if (options.network === 'host' || !network) return { mode: 'host' };
      return { mode: 'bridge', network, aliases, publish: publish.map((p) => ({ hostIp: '127.0.0.1', ...p })) };
    },
    track: (idOrName) => void names.add(idOrName),
    upstreamInside: (published) => inside.get(key(published)),
    setUpstreamInside: (published, address) => void (address ? inside.set(key(published), address) : inside.delete(key(published))),
    networkName: () => network,
    workerTarget: (published) => workerTargets.get(key(published)),
    setWorkerTarget: (published, address) => void (address ? workerTargets.set(key(published), address) : workerTargets.delete(key(published))),
    trackService: (name) => void services.add(name),
    releaseService: (name) => void services.delete(name),
    adopt: (container) => void live.add(container),
    release: (container) => {
      live.delete(container);
      names.delete(container.id);
      names.delete(container.name);
    },
    async close() {
      // Services first: their workers stop sending before the targets go.
      if (services.size > 0) await removeAll([], [], [...services]);
      await Promise.all([...live].map((c) => c.stop(2).catch(() => undefined)));
      live.clear();
      await removeAll([...names], network ? [network] : [], [...services]);
      services.clear();
      names.clear();
      if (runId) removeLabelledSync(runLabel(runId)); // anything a crash between create and track left behind
      if (reaper?.connected) reaper.disconnect();
    },
    killAllNow() {
      if (runId) removeLabelledSync(runLabel(runId), [...names]);
      if (reaper?.connected) reaper.disconnect();
    },
  };
}

/** Overlay networks need this engine to be a Swarm manager: say how to make it one rather than docker's own words. */
async function assertSwarmManager(): Promise<void> {
  const status = await swarmStatus();
  if (!status.manager) {
    throw new EnvironmentError(`Swarm generator workers need this docker engine to be a Swarm manager: ${status.reason}`, {
      hint: 'docker swarm init --advertise-addr <this machine\'s address> (more machines: docker swarm join); or run without --generators swarm:N',
    });
  }
}

/** A detached watchdog that removes the run's containers if the runner disappears (even by SIGKILL). */
function startReaper(label: string): ChildProcess | undefined {
  return forkWatchdog(new URL('./docker-reaper.js', import.meta.url), [label]);
}
