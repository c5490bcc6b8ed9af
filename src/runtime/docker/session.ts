// The state of one docker run: its run id and label, the containers and network it created, the watchdog; all torn down on close.
import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import type { TargetAddress } from '../../traffic/types.js';
import { forkWatchdog } from '../watchdog.js';
import type { NetworkSpec } from './run-args.js';
import { dockerOrThrow, removeAll, removeLabelledSync } from './docker-cli.js';
import type { StartedContainer } from './container.js';
import { containerName, fallbackRunId, networkName, ownerLabelKey, ownerValue, runLabel, runLabelKey } from './naming.js';

export type NetworkMode = 'host' | 'bridge';

export interface DockerRuntimeOptions {
  network: NetworkMode;
  /** Hard memory limit of every container (proxy and upstream); undefined = none. */
  memoryBytes?: number;
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
  adopt(container: StartedContainer): void;
  release(container: StartedContainer): void;
  close(): Promise<void>;
  killAllNow(): void;
}

export function createDockerSession(options: DockerRuntimeOptions): DockerSession {
  let runId: string | undefined;
  let network: string | undefined;
  let reaper: ChildProcess | undefined;
  let seq = 0;
  const names = new Set<string>();
  const live = new Set<StartedContainer>();
  const inside = new Map<string, TargetAddress>();
  const key = (a: TargetAddress) => `${a.host}:${a.port}`;
  const owner = ownerValue(hostname(), process.pid);
  return {
    options,
    async begin(requested) {
      if (runId) return runId;
      runId = requested ?? fallbackRunId(new Date(), process.pid);
      reaper = startReaper(runLabel(runId));
      if (options.network === 'bridge') {
        network = networkName(runId);
        await dockerOrThrow(['network', 'create', '--driver', 'bridge', '--label', runLabel(runId), '--label', `${ownerLabelKey}=${owner}`, network]);
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
    adopt: (container) => void live.add(container),
    release: (container) => {
      live.delete(container);
      names.delete(container.id);
      names.delete(container.name);
    },
    async close() {
      await Promise.all([...live].map((c) => c.stop(2).catch(() => undefined)));
      live.clear();
      await removeAll([...names], network ? [network] : []);
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

/** A detached watchdog that removes the run's containers if the runner disappears (even by SIGKILL). */
function startReaper(label: string): ChildProcess | undefined {
  return forkWatchdog(new URL('./docker-reaper.js', import.meta.url), [label]);
}
