// Reads CPU time, RSS and thread counts of a whole process tree from /proc (Linux).
import { readFileSync, readdirSync } from 'node:fs';

/** Kernel clock ticks per second for utime/stime (getconf CLK_TCK; 100 on every Linux we target). */
export const clockTicksPerSec = 100;
export const pageSizeBytes = 4096;

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime in clock ticks, all threads, since the process started. */
  cpuTicks: number;
  threads: number;
  rssBytes: number;
}

/** Pure: parses the text of /proc/<pid>/stat (the command name may hold spaces and parentheses). */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf(' ')));
  // Fields after the command name, numbered from 3 (state) as in proc(5).
  const f = text.slice(close + 2).trim().split(' ');
  const field = (n: number) => Number(f[n - 3]);
  return {
    pid,
    ppid: field(4),
    cpuTicks: field(14) + field(15),
    threads: field(20),
    rssBytes: field(24) * pageSizeBytes,
  };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process or thread ended between listing and reading
  }
}

/** Pids of the tree rooted at `rootPid`, breadth first: children of every thread (CONFIG_PROC_CHILDREN). */
export function processTreePids(rootPid: number, maxProcesses = 256): number[] {
  const pids: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0 && pids.length < maxProcesses) {
    const pid = queue.shift()!;
    pids.push(pid);
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // ended
    }
    for (const tid of tids) {
      queue.push(...(readText(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter(Boolean).map(Number));
    }
  }
  return pids;
}

export interface TreeSample {
  cpuTicks: number;
  rssBytes: number;
  processes: number;
  threads: number;
  /** Kernel memory charged to the target (a cgroup source: memory.stat `kernel`, v1 kmem usage); absent for /proc trees. */
  kernelBytes?: number;
}

/** Sums the given processes (a tree's pids); undefined when none is left. RSS is summed (shared pages count once per process). */
export function sampleProcesses(pids: readonly number[]): TreeSample | undefined {
  const total: TreeSample = { cpuTicks: 0, rssBytes: 0, processes: 0, threads: 0 };
  for (const pid of pids) {
    const text = readText(`/proc/${pid}/stat`);
    if (text === undefined) continue;
    const stat = parseProcStat(text);
    total.cpuTicks += stat.cpuTicks;
    total.rssBytes += stat.rssBytes;
    total.threads += stat.threads;
    total.processes += 1;
  }
  return total.processes > 0 ? total : undefined;
}

/** Sums the tree rooted at `rootPid`; undefined when the root has gone. */
export function sampleProcessTree(rootPid: number): TreeSample | undefined {
  return sampleProcesses(processTreePids(rootPid));
}
