// Builds the `docker run` argument list for a container spec (pure, so the flags are unit-tested).

export type NetworkSpec =
  | { mode: 'host' }
  | { mode: 'bridge'; network: string; publish: { hostIp: string; hostPort: number; containerPort: number }[]; aliases?: string[] };

export interface ContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  network: NetworkSpec;
  /** `--cpuset-cpus` (taskset syntax: "1", "0-1"). */
  cpus: string;
  /** Hard memory limit (swap included); omitted = unlimited. */
  memoryBytes?: number;
  /** Bind mounts; host and container paths are usually the same, so rendered configs read the same inside. */
  mounts: { host: string; container: string; readOnly?: boolean }[];
  workdir?: string;
  env: Record<string, string>;
  /** The full command (images have no ENTRYPOINT; tini from --init runs it as its child). */
  command: string[];
}

export function containerRunArgs(spec: ContainerSpec): string[] {
  const args = ['run', '--detach', '--init', '--name', spec.name];
  for (const [key, value] of Object.entries(spec.labels)) args.push('--label', `${key}=${value}`);
  if (spec.network.mode === 'host') {
    args.push('--network', 'host');
  } else {
    args.push('--network', spec.network.network);
    for (const alias of spec.network.aliases ?? []) args.push('--network-alias', alias);
    for (const p of spec.network.publish) args.push('--publish', `${p.hostIp}:${p.hostPort}:${p.containerPort}`);
  }
  args.push('--cpuset-cpus', spec.cpus);
  if (spec.memoryBytes !== undefined) args.push('--memory', String(spec.memoryBytes), '--memory-swap', String(spec.memoryBytes));
  for (const m of spec.mounts) args.push('--volume', `${m.host}:${m.container}${m.readOnly ? ':ro' : ''}`);
  if (spec.workdir) args.push('--workdir', spec.workdir);
  for (const [key, value] of Object.entries(spec.env)) args.push('--env', `${key}=${value}`);
  args.push(spec.image, ...spec.command);
  return args;
}

/** A container's exit code as the local runtime reports a process's end: 128+n (from tini) is signal n. */
export function exitInfoFromCode(code: number, signalNames: Record<string, number>): { code: number | null; signal: string | null } {
  if (code > 128 && code <= 128 + 64) {
    const name = Object.entries(signalNames).find(([, n]) => n === code - 128)?.[0];
    if (name) return { code: null, signal: name };
  }
  return { code, signal: null };
}
