// Collects a run's provenance: tool version and git revision, host, runtime and CPU layout.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Provenance } from '../record/run.js';

export async function toolVersion(repoRoot: string): Promise<{ version: string; gitRevision: string | null; gitDirty: boolean | null }> {
  const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };
  const git = async (args: string[]) => {
    const r = await execa('git', args, { cwd: repoRoot, reject: false, stdin: 'ignore' });
    return r.exitCode === 0 ? r.stdout.trim() : null;
  };
  const gitRevision = await git(['rev-parse', 'HEAD']);
  const status = gitRevision === null ? null : await git(['status', '--porcelain', '--untracked-files=no']);
  return { version: pkg.version, gitRevision, gitDirty: status === null ? null : status.length > 0 };
}

export async function fdLimit(): Promise<number | null> {
  const r = await execa('sh', ['-c', 'ulimit -n'], { reject: false, stdin: 'ignore' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : null;
}

export async function hostInfo(): Promise<Provenance['host']> {
  const cpus = os.cpus();
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) osName = pretty[1]!;
  } catch {
    // keep the kernel's name
  }
  return {
    hostname: os.hostname(),
    kernel: os.release(),
    os: osName,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    fdLimit: await fdLimit(),
  };
}
