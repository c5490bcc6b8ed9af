// A container's cgroup (v1 or v2) as a ResourceSource: finds its folders once, then reads a few small files per sample.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupSample, parseProcCgroup, type CgroupFiles, type CgroupSample } from './cgroup.js';
import type { ResourceSource } from './source.js';

/** The folders one sample reads from: per controller on v1, one folder on v2. */
export type CgroupDirs = { version: 1; cpuacct: string; memory: string } | { version: 2; dir: string };

export interface CgroupTarget {
  /** Full container id (the cgroup folders are named after it). */
  containerId: string;
  /** A process in the container (its /proc/<pid>/cgroup names the folders); optional. */
  pid?: number;
}

/** Finds a container's cgroup folders: from /proc/<pid>/cgroup, else docker's usual places; undefined if none exists. */
export function findCgroupDirs(target: CgroupTarget, root = '/sys/fs/cgroup', procRoot = '/proc'): CgroupDirs | undefined {
  const candidates: CgroupDirs[] = [];
  const procText = target.pid === undefined ? undefined : readText(join(procRoot, String(target.pid), 'cgroup'));
  if (procText !== undefined) {
    const cgroups = parseProcCgroup(procText);
    const cpuacct = cgroups.v1.cpuacct;
    const memory = cgroups.v1.memory;
    if (cpuacct !== undefined && memory !== undefined) {
      candidates.push({ version: 1, cpuacct: v1Dir(root, 'cpuacct', cpuacct), memory: join(root, 'memory', memory) });
    }
    if (cgroups.v2 !== undefined) candidates.push({ version: 2, dir: join(root, cgroups.v2) });
  }
  const id = target.containerId;
  for (const parent of ['docker', `system.slice/docker-${id}.scope`]) {
    const path = parent === 'docker' ? `docker/${id}` : parent;
    candidates.push({ version: 1, cpuacct: v1Dir(root, 'cpuacct', path), memory: join(root, 'memory', path) });
    candidates.push({ version: 2, dir: join(root, path) });
  }
  return candidates.find((c) => (c.version === 1 ? existsSync(join(c.cpuacct, 'cpuacct.usage')) : existsSync(join(c.dir, 'cpu.stat')) && existsSync(join(c.dir, 'memory.current'))));
}

/** v1 controllers may be mounted together ("cpu,cpuacct"); the plain name is usually a link to it. */
function v1Dir(root: string, controller: string, path: string): string {
  const plain = join(root, controller, path);
  return existsSync(plain) ? plain : join(root, `cpu,${controller}`, path);
}

/** Reads the raw files of one sample; undefined once the cgroup has gone (the container was removed). */
export function readCgroupFiles(dirs: CgroupDirs): CgroupFiles | undefined {
  if (dirs.version === 1) {
    const files = {
      cpuacctUsage: readText(join(dirs.cpuacct, 'cpuacct.usage')),
      memoryUsage: readText(join(dirs.memory, 'memory.usage_in_bytes')),
      memoryStat: readText(join(dirs.memory, 'memory.stat')),
      procs: readText(join(dirs.memory, 'cgroup.procs')),
      tasks: readText(join(dirs.memory, 'tasks')),
    };
    if (Object.values(files).some((v) => v === undefined)) return undefined;
    const kmemUsage = readText(join(dirs.memory, 'memory.kmem.usage_in_bytes'));
    return { version: 1, ...(files as Record<keyof typeof files, string>), ...(kmemUsage === undefined ? {} : { kmemUsage }) };
  }
  const files = {
    cpuStat: readText(join(dirs.dir, 'cpu.stat')),
    memoryCurrent: readText(join(dirs.dir, 'memory.current')),
    memoryStat: readText(join(dirs.dir, 'memory.stat')),
    procs: readText(join(dirs.dir, 'cgroup.procs')),
    threads: readText(join(dirs.dir, 'cgroup.threads')) ?? '',
  };
  if (Object.values(files).some((v) => v === undefined)) return undefined;
  return { version: 2, ...(files as Record<keyof typeof files, string>) };
}

/** A container's cgroup as a source; `read()` returns the working set as rssBytes and exact CPU (ns) besides ticks. */
export function cgroupSource(name: string, dirs: CgroupDirs): ResourceSource & { read(): CgroupSample | undefined } {
  const where = dirs.version === 1 ? dirs.memory : dirs.dir;
  return {
    describe: `cgroup v${dirs.version} of container ${name} (${where}); memory = working set (usage − inactive file)`,
    read() {
      const files = readCgroupFiles(dirs);
      return files === undefined ? undefined : cgroupSample(files);
    },
  };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
