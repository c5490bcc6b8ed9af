// The one module that runs the docker CLI: engine, images, containers, networks (execa; spawnSync on the exit path).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { execa } from 'execa';
import { EnvironmentError } from '../../shared/errors.js';

/** The classic builder (no buildx here); the same on machines that have BuildKit. */
const dockerEnv = { DOCKER_BUILDKIT: '0', DOCKER_CLI_HINTS: 'false' };

export interface DockerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `docker ARGS`; never rejects (a missing docker binary is exit code 127). */
export async function docker(args: string[], timeoutMs = 60_000): Promise<DockerResult> {
  const r = await execa('docker', args, { reject: false, stdin: 'ignore', timeout: timeoutMs, env: dockerEnv });
  const missing = (r as { code?: string }).code === 'ENOENT';
  return { exitCode: missing ? 127 : (r.exitCode ?? 1), stdout: String(r.stdout ?? '').trim(), stderr: missing ? 'docker: command not found' : String(r.stderr ?? '').trim() };
}

/** Like docker() but throws an EnvironmentError naming the command when it fails. */
export async function dockerOrThrow(args: string[], timeoutMs = 60_000): Promise<string> {
  const r = await docker(args, timeoutMs);
  if (r.exitCode !== 0) {
    throw new EnvironmentError(`docker ${args[0]} failed: ${firstLines(r.stderr || r.stdout)}`, {
      hint: r.exitCode === 127 ? 'install the engine: apt-get install -y docker.io' : 'check the engine with `proxybench doctor` and `docker info`',
    });
  }
  return r.stdout;
}

export type EngineStatus = { reachable: true; version: string } | { reachable: false; reason: string };

/** Whether a docker engine answers, and its version. */
export async function engineStatus(): Promise<EngineStatus> {
  const r = await docker(['version', '--format', '{{.Server.Version}}'], 15_000);
  if (r.exitCode === 0 && r.stdout) return { reachable: true, version: r.stdout };
  if (r.exitCode === 127) return { reachable: false, reason: 'the docker CLI is not installed' };
  return { reachable: false, reason: `the docker engine does not answer (${firstLines(r.stderr, 1) || `exit ${r.exitCode}`})` };
}

export interface ImageInfo {
  id: string;
  labels: Record<string, string>;
  created: string;
  sizeBytes: number;
}

/** An image's id and labels; undefined when no such image exists. */
export async function inspectImage(ref: string): Promise<ImageInfo | undefined> {
  const r = await docker(['image', 'inspect', '--format', '{{json .Id}}\t{{json .Config.Labels}}\t{{json .Created}}\t{{.Size}}', ref]);
  if (r.exitCode !== 0) return undefined;
  const [id, labels, created, size] = r.stdout.split('\t');
  return { id: JSON.parse(id!) as string, labels: (JSON.parse(labels!) as Record<string, string> | null) ?? {}, created: JSON.parse(created!) as string, sizeBytes: Number(size) };
}

export interface ContainerState {
  pid: number;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  /** IP address on each network, by network name. */
  ips: Record<string, string>;
}

export async function inspectContainer(id: string): Promise<ContainerState | undefined> {
  const format = '{{json .State}}\t{{json .NetworkSettings.Networks}}';
  const r = await docker(['container', 'inspect', '--format', format, id]);
  if (r.exitCode !== 0) return undefined;
  const [state, networks] = r.stdout.split('\t');
  const s = JSON.parse(state!) as { Pid: number; Running: boolean; ExitCode: number; OOMKilled: boolean };
  const n = (JSON.parse(networks!) as Record<string, { IPAddress: string }> | null) ?? {};
  return { pid: s.Pid, running: s.Running, exitCode: s.ExitCode, oomKilled: s.OOMKilled, ips: Object.fromEntries(Object.entries(n).map(([k, v]) => [k, v.IPAddress])) };
}

/** Resolves with the container's exit code once it stops (or -1 if it was removed first). */
export async function waitContainer(id: string): Promise<number> {
  const r = await execa('docker', ['wait', id], { reject: false, stdin: 'ignore', env: dockerEnv });
  const code = Number(String(r.stdout ?? '').trim());
  return r.exitCode === 0 && Number.isInteger(code) ? code : -1;
}

/** Copies the container's output into `logFile` as it is written, until the container is gone. */
export function followLogs(id: string, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn('docker', ['logs', '--follow', id], { stdio: ['ignore', fd, fd], env: { ...process.env, ...dockerEnv } });
  closeSync(fd);
  child.on('error', () => undefined);
  return child;
}

/** Containers, networks and Swarm services carrying `label`, each with the value of its `ownerKey` label ('' when it has none). */
export async function labelledWithOwner(label: string, ownerKey: string): Promise<{ containers: Owned[]; networks: Owned[]; services: Owned[] }> {
  const format = `{{.ID}} {{.Label "${ownerKey}"}}`;
  const parse = (r: { exitCode?: number; stdout: string }) =>
    r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean).map((line) => ({ id: line.split(' ')[0]!, owner: line.slice(line.indexOf(' ') + 1).trim() })) : [];
  const [containers, networks, services] = await Promise.all([
    docker(['ps', '--all', '--no-trunc', '--filter', `label=${label}`, '--format', format]),
    docker(['network', 'ls', '--no-trunc', '--filter', `label=${label}`, '--format', format]),
    labelledServices(label, ownerKey),
  ]);
  return { containers: parse(containers), networks: parse(networks), services };
}

/** Swarm services carrying `label` (none when this engine is no Swarm manager), with their owner label. */
async function labelledServices(label: string, ownerKey: string): Promise<Owned[]> {
  const ids = await docker(['service', 'ls', '--quiet', '--filter', `label=${label}`]);
  const list = ids.exitCode === 0 ? ids.stdout.split('\n').filter(Boolean) : [];
  if (list.length === 0) return [];
  const r = await docker(['service', 'inspect', '--format', `{{.ID}} {{index .Spec.Labels "${ownerKey}"}}`, ...list]);
  return r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean).map((line) => ({ id: line.split(' ')[0]!, owner: line.slice(line.indexOf(' ') + 1).trim() })) : [];
}

export interface Owned {
  id: string;
  owner: string;
}

/**
 * Removes Swarm services (their tasks' containers go with them), containers (running ones are killed) and then
 * networks, which docker refuses while a container is still attached: tried again for a few seconds. Missing ones are ignored.
 */
export async function removeAll(containerIds: readonly string[], networkIds: readonly string[] = [], serviceIds: readonly string[] = []): Promise<void> {
  if (serviceIds.length > 0) await docker(['service', 'rm', ...serviceIds]);
  if (containerIds.length > 0) await docker(['rm', '--force', '--volumes', ...containerIds]);
  if (networkIds.length === 0) return;
  for (let attempt = 0; attempt < networkRemoveAttempts; attempt++) {
    const present = attempt === 0 ? networkIds : await stillPresent(networkIds);
    if (present.length === 0) return;
    // Task containers of a removed service linger for a moment (also one removed before this call): remove them first.
    if (attempt > 0) {
      await removeAttached(present);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if ((await docker(['network', 'rm', ...present])).exitCode === 0) return;
  }
}

/** A network is removed only once nothing is attached (a Swarm task's container detaches a moment after its service goes): up to 20 tries, 0.5 s apart. */
const networkRemoveAttempts = 20;

async function stillPresent(networkIds: readonly string[]): Promise<string[]> {
  const left = await Promise.all(networkIds.map(async (id) => ((await docker(['network', 'inspect', '--format', '{{.Id}}', id])).exitCode === 0 ? id : undefined)));
  return left.filter((id): id is string => id !== undefined);
}

async function removeAttached(networkIds: readonly string[]): Promise<void> {
  const r = await docker(['network', 'inspect', '--format', '{{range $id, $c := .Containers}}{{$id}} {{end}}', ...networkIds]);
  const ids = r.exitCode === 0 ? r.stdout.split(/\s+/).filter((id) => /^[0-9a-f]{12,64}$/.test(id)) : [];
  if (ids.length > 0) await docker(['rm', '--force', '--volumes', ...ids]);
}

/** Synchronous last resort (process 'exit' handlers): removes every service, container and network carrying the label. */
export function removeLabelledSync(label: string, knownContainerIds: readonly string[] = []): void {
  const run = (args: string[]) => spawnSync('docker', args, { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...dockerEnv } });
  const services = (run(['service', 'ls', '--quiet', '--filter', `label=${label}`]).stdout ?? '').split('\n').filter(Boolean);
  if (services.length > 0) run(['service', 'rm', ...services]);
  const listed = run(['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${label}`]).stdout ?? '';
  const ids = [...new Set([...knownContainerIds, ...listed.split('\n').filter(Boolean)])];
  if (ids.length > 0) run(['rm', '--force', '--volumes', ...ids]);
  for (let attempt = 0; attempt < networkRemoveAttempts; attempt++) {
    const networks = (run(['network', 'ls', '--quiet', '--filter', `label=${label}`]).stdout ?? '').split('\n').filter(Boolean);
    if (networks.length === 0) return;
    if (attempt > 0) {
      // A removed service's task containers linger for a moment, or were created after the listing above.
      const late = (run(['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${label}`]).stdout ?? '').split('\n').filter(Boolean);
      if (late.length > 0) run(['rm', '--force', '--volumes', ...late]);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
    if (run(['network', 'rm', ...networks]).status === 0) return;
  }
}

/** Streams a long docker command (builds, imports) line by line to `onLine`; resolves with its exit code and output tail. */
export async function dockerStreaming(args: string[], onLine: (line: string) => void, cwd?: string): Promise<{ exitCode: number; tail: string }> {
  const lines: string[] = [];
  const child = execa('docker', args, { reject: false, stdin: 'ignore', all: true, cwd, env: dockerEnv, buffer: false });
  child.all?.setEncoding('utf8');
  let rest = '';
  child.all?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      onLine(line);
    }
  });
  const r = await child;
  if (rest) lines.push(rest);
  return { exitCode: r.exitCode ?? 1, tail: lines.slice(-20).join('\n') };
}

function firstLines(text: string, count = 3): string {
  return text.split('\n').filter(Boolean).slice(0, count).join(' / ');
}

export type SwarmStatus = { manager: true; nodes: { hostname: string; state: string }[] } | { manager: false; reason: string };

/** Whether this engine is a Swarm manager (it can create services and overlay networks), and the swarm's nodes. */
export async function swarmStatus(): Promise<SwarmStatus> {
  const info = await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'], 15_000);
  if (info.exitCode !== 0) return { manager: false, reason: `the docker engine does not answer (${firstLines(info.stderr, 1) || `exit ${info.exitCode}`})` };
  const [state, control] = info.stdout.split(' ');
  if (state !== 'active') return { manager: false, reason: `this engine is not part of a swarm (state ${state || 'unknown'})` };
  if (control !== 'true') return { manager: false, reason: 'this engine is a swarm worker, not a manager: run proxybench on a manager node' };
  const nodes = await docker(['node', 'ls', '--format', '{{.Hostname}}\t{{.Status}}'], 15_000);
  return { manager: true, nodes: nodes.stdout.split('\n').filter(Boolean).map((line) => ({ hostname: line.split('\t')[0]!, state: line.split('\t')[1] ?? '' })) };
}
