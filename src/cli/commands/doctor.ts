// `proxybench doctor`: checks the machine for what runs need — cores, fd limit, pinning, proxies, engine.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { localAvailability } from '../../runtime/local/availability.js';
import { discoverVariants } from '../../runtime/variants.js';
import { createDockerRuntime } from '../../runtime/docker/docker-runtime.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { repoRoot } from '../paths.js';
import { machineCheckFor } from '../../run/run-scenario.js';
import { defaultValidity } from '../../scenario/schema.js';
import { describeMachineCheck } from '../../measure/noise/machine-check.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

async function sh(command: string): Promise<{ ok: boolean; out: string }> {
  const r = await execa('sh', ['-c', command], { reject: false, timeout: 10_000, all: true, stdin: 'ignore' });
  return { ok: r.exitCode === 0, out: (r.all ?? '').trim() };
}

async function machineChecks(): Promise<Check[]> {
  const cores = cpus().length;
  const soft = await sh('ulimit -n');
  const hard = await sh('ulimit -Hn');
  const pin = await sh(`taskset -c ${cores - 1} true`);
  const cgroup = existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'v2' : existsSync('/sys/fs/cgroup/memory') ? 'v1' : 'none found';
  const governorFile = '/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor';
  const governor = existsSync(governorFile) ? readFileSync(governorFile, 'utf8').trim() : 'not exposed';
  const docker = await sh('docker info --format "{{.ServerVersion}}"');
  return [
    { name: 'cores', ok: cores >= 2, detail: `${cores} (${cpus()[0]?.model ?? 'unknown'})`, fix: cores >= 2 ? undefined : 'generator and proxy share one core: results are much noisier' },
    { name: 'fd limit', ok: Number(soft.out) >= 4096, detail: `soft ${soft.out}, hard ${hard.out}`, fix: 'raise with ulimit -n (up to the hard limit) before running connection-heavy scenarios' },
    { name: 'CPU pinning', ok: pin.ok, detail: pin.ok ? `taskset works (tried CPU ${cores - 1})` : pin.out, fix: 'apt-get install -y util-linux (taskset)' },
    { name: 'cgroups', ok: cgroup !== 'none found', detail: cgroup },
    { name: 'CPU governor', ok: true, detail: governor },
    { name: 'container engine', ok: docker.ok, detail: docker.ok ? `docker ${docker.out}` : 'not reachable (only the docker runtime needs it)', fix: 'apt-get install -y docker.io && dockerd --storage-driver=overlay2 &' },
  ];
}

export async function doctorCommand(options: { json: boolean }): Promise<number> {
  const checks = [...(await machineChecks()), ...(await noiseChecks())];
  const variants = await Promise.all(
    discoverVariants(join(repoRoot(), 'docker')).map(async (v) => ({ name: v.manifest.name, ...(await localAvailability(v)) })),
  );
  for (const v of variants) {
    checks.push(v.available ? { name: `variant ${v.name}`, ok: true, detail: `installed${v.version ? ` (${v.version})` : ''}` } : { name: `variant ${v.name}`, ok: false, detail: v.reason, fix: v.fix });
  }
  checks.push(...(await dockerImageChecks()));
  if (options.json) {
    process.stdout.write(JSON.stringify({ checks }, null, 1) + '\n');
    return ExitCode.ok;
  }
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const c of checks) {
    process.stdout.write(`${c.ok ? 'ok  ' : 'warn'}  ${c.name.padEnd(width)}  ${c.detail}${!c.ok && c.fix ? `\n${' '.repeat(width + 8)}fix: ${c.fix}` : ''}\n`);
  }
  return ExitCode.ok;
}

/** The pre-flight noise check on every CPU (any may be a generator's), judged by the default validity rules. */
async function noiseChecks(): Promise<Check[]> {
  const m = await machineCheckFor(cpus().map((_, i) => i), defaultValidity);
  if (m.error) return [{ name: 'noise', ok: false, detail: `the check could not be made: ${m.error}` }];
  const lines = describeMachineCheck(m);
  return m.cpus.map((c, i) => {
    const busiest = c.busiest.map((b) => `${b.comm} (pid ${b.pid}, ${(b.share * 100).toFixed(0)}%)`).join(', ');
    return {
      name: `noise CPU ${c.cpu}`,
      ok: !m.warnings.some((w) => w.startsWith(`generator CPU ${c.cpu}:`)),
      detail: `${lines[i]!.replace(/^noise check, generator CPU \d+: /, '')}${busiest ? `; busiest there: ${busiest}` : ''}`,
      fix: 'a generator pinned here would lag (its open-loop phases invalid): stop what runs on it or pin cpus.generator to a quieter CPU; run --retries re-runs the phases it lagged in',
    };
  });
}

/** With a reachable engine: which images of the docker runtime are built, and what builds the rest. */
async function dockerImageChecks(): Promise<Check[]> {
  const runtime = createDockerRuntime({ network: 'host', repoRoot: repoRoot() });
  if (!(await runtime.engine()).reachable) return [];
  const variants = discoverVariants(join(repoRoot(), 'docker'));
  const rows = await Promise.all(variants.map(async (v) => ({ name: v.manifest.name, a: await runtime.availability(v) })));
  const missing = rows.filter((r) => !r.a.available);
  const stale = rows.filter((r) => r.a.available && r.a.warning !== undefined && r.name !== 'direct');
  const detail = `${rows.length - missing.length} of ${rows.length} variants can run in containers${missing.length ? ` (not: ${missing.map((r) => r.name).join(', ')})` : ''}${stale.length ? `; images out of date: ${stale.map((r) => r.name).join(', ')}` : ''}`;
  const fixes = [...missing.map((r) => (r.a.available ? '' : r.a.fix)), ...(stale.length ? [`proxybench images build ${stale.map((r) => r.name).join(' ')}`] : [])];
  return [{ name: 'docker images', ok: missing.length === 0 && stale.length === 0, detail, fix: fixes.filter((f, i, all) => f && all.indexOf(f) === i).join('; ') }];
}
