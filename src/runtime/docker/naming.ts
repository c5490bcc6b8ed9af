// Names and labels of everything proxybench creates in docker: images, containers, networks (pure).

/** Every container and network of a run carries `proxybench.run=<run id>`; `proxybench clean` removes them all. */
export const runLabelKey = 'proxybench.run';
export const roleLabelKey = 'proxybench.role';
/** `<hostname>:<pid>` of the runner that created the container or network: `clean` spares those of live runs. */
export const ownerLabelKey = 'proxybench.owner';
export const variantLabelKey = 'proxybench.variant';
/** On images: the hash of what built them (Dockerfile, context files, base image id, build args). */
export const contextHashLabelKey = 'proxybench.context-hash';
/** On images: the base they were built FROM (`--base`, else the bootstrapped one) and whether from source (`--from-source`). */
export const buildBaseLabelKey = 'proxybench.build-base';
export const buildFromSourceLabelKey = 'proxybench.build-from-source';

export const baseImage = 'proxybench/base:bookworm';
export const upstreamImageName = 'upstream';
/** The generator worker of Swarm services and Kubernetes Jobs (src/traffic/remote/worker-main.ts). */
export const generatorWorkerImageName = 'generator-worker';

/** Where a variant's own files live inside its image (`{{variantDir}}` in a container). */
export const containerVariantDir = '/opt/proxybench/variant';
/** The node binary inside images that need one (Debian's nodejs). */
export const containerNode = '/usr/bin/node';

export function imageRef(name: string): string {
  return `proxybench/${name}:latest`;
}

export function runLabel(runId: string): string {
  return `${runLabelKey}=${runId}`;
}

export function ownerValue(hostname: string, pid: number): string {
  return `${hostname}:${pid}`;
}

/** Whom `clean` must spare: a resource whose owner label names this host and a runner that is still alive. */
export function ownedByLiveRun(owner: string | undefined, hostname: string, isAlive: (pid: number) => boolean): boolean {
  const match = /^(.*):(\d+)$/.exec(owner ?? '');
  if (!match || match[1] !== hostname) return false; // unlabelled (older runs) or another host's: no way to tell, clean it
  return isAlive(Number(match[2]));
}

/** Container names are unique per run: the role (variant or upstream) and a sequence number. */
export function containerName(runId: string, role: string, seq: number): string {
  return `pb-${runId}-${role}-${seq}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/**
 * The network alias Swarm workers reach a container by: its name, lower-cased, ending in -target, so the worker's own
 * check (ownServiceName in src/traffic/safety.ts) accepts it and nothing else.
 */
export function workerTargetAlias(containerName: string): string {
  return `${containerName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-target`;
}

export function networkName(runId: string): string {
  return `pb-${runId}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/** A run id for a runtime used without one (tests, ad-hoc use): time and pid. */
export function fallbackRunId(now: Date, pid: number): string {
  return `adhoc-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}-${pid}`;
}
