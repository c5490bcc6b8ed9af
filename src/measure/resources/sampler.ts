// Samples named process trees at a fixed interval into time series (CPU cores used, RSS).
import { clockTicksPerSec, processTreePids, sampleProcesses, type TreeSample } from './procfs.js';

export interface ResourcePoint {
  /** ms since the sampler's time origin (the run start). */
  tMs: number;
  /** Cumulative CPU seconds of the tree since it started. */
  cpuSeconds: number;
  rssBytes: number;
  processes: number;
  threads: number;
}

export interface SamplerTarget {
  /** proxy | upstream | generator */
  role: string;
  pid: number;
}

export interface Sampler {
  /** Begins sampling a process tree under a role; replaces an earlier target of that role. */
  watch(target: SamplerTarget): void;
  unwatch(role: string): void;
  /** Points of a role recorded since `fromMs` (all when omitted). */
  series(role: string, fromMs?: number): ResourcePoint[];
  /** Takes one sample of every watched tree now (also used at phase edges). */
  sampleNow(): void;
  stop(): void;
}

export interface SamplerDeps {
  nowMs: () => number;
  /** Lists a tree's pids (walking /proc is the costly part, so it runs only every `treeRefreshSamples`). */
  listTree?: (rootPid: number) => number[];
  read?: (pids: readonly number[]) => TreeSample | undefined;
}

/** A tree's membership is re-read every this many samples, and whenever one of its processes has gone. */
const treeRefreshSamples = 10;

export function startSampler(intervalMs: number, deps: SamplerDeps): Sampler {
  const read = deps.read ?? sampleProcesses;
  const listTree = deps.listTree ?? processTreePids;
  const targets = new Map<string, { pid: number; pids: number[]; age: number }>();
  const points = new Map<string, ResourcePoint[]>();
  const sampleNow = () => {
    const tMs = deps.nowMs();
    for (const [role, target] of targets) {
      if (target.age++ >= treeRefreshSamples) Object.assign(target, { pids: listTree(target.pid), age: 1 });
      let s = read(target.pids);
      if (s && s.processes < target.pids.length) {
        Object.assign(target, { pids: listTree(target.pid), age: 1 }); // a process ended: re-read the tree
        s = read(target.pids);
      }
      if (!s) continue;
      const list = points.get(role) ?? [];
      list.push({ tMs, cpuSeconds: s.cpuTicks / clockTicksPerSec, rssBytes: s.rssBytes, processes: s.processes, threads: s.threads });
      points.set(role, list);
    }
  };
  const timer = setInterval(sampleNow, intervalMs);
  timer.unref();
  return {
    watch: ({ role, pid }) => {
      targets.set(role, { pid, pids: listTree(pid), age: 1 });
      points.set(role, []);
      sampleNow();
    },
    unwatch: (role) => targets.delete(role),
    series: (role, fromMs = -Infinity) => (points.get(role) ?? []).filter((p) => p.tMs >= fromMs),
    sampleNow,
    stop: () => clearInterval(timer),
  };
}
