// Where a role's CPU and memory come from: a process tree in /proc (local) or, later, a container's cgroup.
import { processTreePids, sampleProcesses, type TreeSample } from './procfs.js';

/** Reads one sample of cumulative CPU ticks and current memory; undefined once the target has gone. */
export interface ResourceSource {
  describe: string;
  read(): TreeSample | undefined;
}

/** A tree's membership is re-read every this many reads, and whenever one of its processes has gone. */
const treeRefreshReads = 10;

export interface ProcTreeDeps {
  listTree?: (rootPid: number) => number[];
  read?: (pids: readonly number[]) => TreeSample | undefined;
}

/** The process tree rooted at `rootPid`, with its membership cached (walking /proc costs more than reading it). */
export function procTreeSource(rootPid: number, deps: ProcTreeDeps = {}): ResourceSource {
  const listTree = deps.listTree ?? processTreePids;
  const read = deps.read ?? sampleProcesses;
  let pids = listTree(rootPid);
  let age = 0;
  return {
    describe: `process tree of pid ${rootPid}`,
    read() {
      if (++age > treeRefreshReads) [pids, age] = [listTree(rootPid), 1];
      const sample = read(pids);
      if (sample && sample.processes === pids.length) return sample;
      [pids, age] = [listTree(rootPid), 1]; // a process ended or the tree changed: read it again
      return read(pids);
    },
  };
}

/** Several process trees read as one (the generator's workers): CPU, memory, processes and threads summed. */
export function procTreesSource(rootPids: readonly number[], deps: ProcTreeDeps = {}): ResourceSource {
  if (rootPids.length === 1) return procTreeSource(rootPids[0]!, deps);
  const sources = rootPids.map((pid) => procTreeSource(pid, deps));
  return {
    describe: `process trees of pids ${rootPids.join(', ')}`,
    read() {
      const samples = sources.map((s) => s.read()).filter((s): s is TreeSample => s !== undefined);
      if (samples.length === 0) return undefined;
      return samples.reduce((a, b) => ({ cpuTicks: a.cpuTicks + b.cpuTicks, rssBytes: a.rssBytes + b.rssBytes, processes: a.processes + b.processes, threads: a.threads + b.threads }));
    },
  };
}
