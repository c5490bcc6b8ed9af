// Pure parsing of a container's cgroup files (v1 and v2) into a resource sample: CPU, memory working set, tasks.
import type { TreeSample } from './procfs.js';
import { clockTicksPerSec } from './procfs.js';

/** Where a process's cgroups are, from /proc/<pid>/cgroup: v1 controller → path, and the v2 path. */
export interface ProcCgroups {
  v1: Record<string, string>;
  v2: string | undefined;
}

/** Parses /proc/<pid>/cgroup ("4:cpu,cpuacct:/docker/ID", "0::/system.slice/docker-ID.scope"). */
export function parseProcCgroup(text: string): ProcCgroups {
  const result: ProcCgroups = { v1: {}, v2: undefined };
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id, controllers, path] = match;
    if (id === '0' && controllers === '') result.v2 = path!;
    for (const controller of controllers!.split(',').filter(Boolean)) result.v1[controller.replace(/^name=/, '')] = path!;
  }
  return result;
}

/** Parses "key value" lines (memory.stat, cpu.stat); unparsable lines are skipped. */
export function parseKeyedCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^-?\d+$/.test(value)) counts[key] = Number(value);
  }
  return counts;
}

/** Number of ids in a cgroup.procs / tasks / cgroup.threads listing. */
export function countIds(text: string): number {
  return text.split('\n').filter((line) => /^\d+$/.test(line.trim())).length;
}

/** The raw text of the files one sample reads; v1 and v2 name them differently. */
export type CgroupFiles =
  | { version: 1; cpuacctUsage: string; memoryUsage: string; memoryStat: string; kmemUsage?: string; procs: string; tasks: string }
  | { version: 2; cpuStat: string; memoryCurrent: string; memoryStat: string; procs: string; threads: string };

export interface CgroupSample extends TreeSample {
  /** Cumulative CPU time of every task in the cgroup, ns (exact; cpuTicks is the same in 1/100 s, fractional). */
  cpuNs: number;
  /** Resident anonymous memory (v1 total_rss, v2 anon), bytes. */
  anonBytes: number;
  /** Charged memory including page cache (v1 usage_in_bytes, v2 memory.current), bytes. */
  usageBytes: number;
}

/**
 * One sample from a cgroup's files. `rssBytes` is the working set (usage − inactive file cache), what
 * `docker stats` calls memory usage: resident anonymous memory plus the file pages in active use.
 */
export function cgroupSample(files: CgroupFiles): CgroupSample {
  const stat = parseKeyedCounts(files.memoryStat);
  if (files.version === 1) {
    const cpuNs = Number(files.cpuacctUsage.trim());
    const usageBytes = Number(files.memoryUsage.trim());
    const kmem = files.kmemUsage === undefined ? undefined : Number(files.kmemUsage.trim());
    return finish(cpuNs, usageBytes, stat.total_inactive_file ?? stat.inactive_file ?? 0, stat.total_rss ?? stat.rss ?? 0, files.procs, files.tasks, kmem);
  }
  const cpuNs = (parseKeyedCounts(files.cpuStat).usage_usec ?? 0) * 1000;
  const usageBytes = Number(files.memoryCurrent.trim());
  const kernel = stat.kernel ?? sumDefined([stat.kernel_stack, stat.pagetables, stat.percpu, stat.sock, stat.slab]);
  return finish(cpuNs, usageBytes, stat.inactive_file ?? 0, stat.anon ?? 0, files.procs, files.threads, kernel);
}

function finish(cpuNs: number, usageBytes: number, inactiveFileBytes: number, anonBytes: number, procs: string, threads: string, kernelBytes: number | undefined): CgroupSample {
  const sample: CgroupSample = {
    cpuNs,
    cpuTicks: (cpuNs / 1e9) * clockTicksPerSec,
    usageBytes,
    anonBytes,
    rssBytes: Math.max(0, usageBytes - inactiveFileBytes),
    processes: countIds(procs),
    threads: countIds(threads),
  };
  if (kernelBytes !== undefined && Number.isFinite(kernelBytes)) sample.kernelBytes = kernelBytes;
  return sample;
}

function sumDefined(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
}
