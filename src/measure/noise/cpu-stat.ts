// Per-CPU busy time from /proc/stat, and which processes ran on a CPU (from /proc/<pid>/stat): others' load on a core.
import { readFileSync, readdirSync } from 'node:fs';

export interface CpuTimes {
  /** All jiffies, and the idle + iowait ones. */
  total: number;
  idle: number;
}

/** Pure: the `cpuN` lines of /proc/stat, by CPU number. */
export function parseCpuStat(text: string): Map<number, CpuTimes> {
  const cpus = new Map<number, CpuTimes>();
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const f = m[2]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest times are inside user/nice already)
    const total = f.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    cpus.set(Number(m[1]), { total, idle: (f[3] ?? 0) + (f[4] ?? 0) });
  }
  return cpus;
}

/** Pure: the busy share of a CPU between two snapshots (null when it is missing or no time passed). */
export function busyShare(before: Map<number, CpuTimes>, after: Map<number, CpuTimes>, cpu: number): number | null {
  const a = before.get(cpu);
  const b = after.get(cpu);
  if (!a || !b || b.total <= a.total) return null;
  const total = b.total - a.total;
  return Math.min(1, Math.max(0, (total - (b.idle - a.idle)) / total));
}

export interface TaskCpu {
  pid: number;
  comm: string;
  /** utime + stime, clock ticks. */
  ticks: number;
  /** The CPU it last ran on (proc(5) field 39). */
  processor: number;
}

/** Pure: /proc/<pid>/stat's command, CPU ticks and last CPU. */
export function parseTaskCpu(text: string): TaskCpu | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < 0) return undefined;
  const f = text.slice(close + 2).trim().split(' ');
  const field = (n: number) => Number(f[n - 3]);
  const t = { pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close), ticks: field(14) + field(15), processor: field(39) };
  return Number.isFinite(t.ticks) && Number.isFinite(t.processor) ? t : undefined;
}

export function readCpuStat(): Map<number, CpuTimes> {
  return parseCpuStat(readFileSync('/proc/stat', 'utf8'));
}

/** Every process's CPU ticks and last CPU now (processes that end while listed are left out). */
export function readTasks(): Map<number, TaskCpu> {
  const tasks = new Map<number, TaskCpu>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const t = parseTaskCpu(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (t) tasks.set(t.pid, t);
    } catch {
      // it ended between listing and reading
    }
  }
  return tasks;
}

/** Pure: the processes that used the most CPU between two snapshots and were last seen on `cpu`, with their share of one core. */
export function busiestOn(before: Map<number, TaskCpu>, after: Map<number, TaskCpu>, cpu: number, windowMs: number, ticksPerSec: number, exclude: ReadonlySet<number>): { pid: number; comm: string; share: number }[] {
  const out: { pid: number; comm: string; share: number }[] = [];
  for (const [pid, a] of after) {
    const b = before.get(pid);
    if (!b || a.processor !== cpu || exclude.has(pid)) continue;
    const share = ((a.ticks - b.ticks) / ticksPerSec) / (windowMs / 1000);
    if (share > 0) out.push({ pid, comm: a.comm, share: Math.min(1, share) });
  }
  return out.sort((x, y) => y.share - x.share);
}
