// Real-time priority for the generator: whether this machine grants SCHED_FIFO, what a process got, the RT throttle.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The priority the generator asks for with --realtime: SCHED_FIFO 1, the lowest real-time one (above every normal task). */
export const realtimeWrap = ['chrt', '-f', '1'] as const;

export type RealtimeSupport = { ok: true; wrap: readonly string[] } | { ok: false; reason: string };

/** Tries `chrt -f 1 true`: whether processes started here may run at real-time priority (needs CAP_SYS_NICE or an RLIMIT_RTPRIO). */
export function realtimeSupport(): RealtimeSupport {
  const r = spawnSync(realtimeWrap[0], [...realtimeWrap.slice(1), 'true'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { ok: false, reason: `chrt could not be run (${r.error.message}); apt-get install -y util-linux` };
  if (r.status !== 0) return { ok: false, reason: `chrt -f 1 was refused (${(r.stderr || `exit ${r.status}`).trim()}): real-time priority needs CAP_SYS_NICE or ulimit -r ≥ 1` };
  return { ok: true, wrap: realtimeWrap };
}

/** The kernel's real-time throttle: RT tasks of a CPU may run `runtimeUs` of every `periodUs` (−1: unlimited); null when unreadable. */
export interface RtThrottle {
  runtimeUs: number | null;
  periodUs: number | null;
}

export function readRtThrottle(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): RtThrottle {
  const num = (path: string) => {
    try {
      const n = Number(read(path).trim());
      return Number.isFinite(n) ? n : null;
    } catch {
      return null;
    }
  };
  return { runtimeUs: num('/proc/sys/kernel/sched_rt_runtime_us'), periodUs: num('/proc/sys/kernel/sched_rt_period_us') };
}

/** run.json `generatorPriority`: the priority asked for, and what each generator worker actually got. */
export interface GeneratorPriority {
  requested: 'realtime' | 'normal';
  /** The command the workers ran under (`chrt -f 1`), null when none. */
  wrap: string | null;
  /** Why real-time priority was asked for and not obtained (the run went on at normal priority); null otherwise. */
  fallback: string | null;
  throttle: RtThrottle;
  /** At real-time priority the open loop sleeps `forUs` of every `everyUs` it spins (never throttled); null otherwise. */
  spinYield?: { everyUs: number; forUs: number } | null;
  /** Each worker as last started: its pid, CPU and the policy read back from /proc/<pid>/stat. */
  workers: { pid: number; cpu: string; policy: string; rtPriority: number }[];
}

const policies = ['SCHED_OTHER', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_BATCH', 'SCHED_ISO', 'SCHED_IDLE', 'SCHED_DEADLINE'];

/** Pure: the scheduling policy and real-time priority in /proc/<pid>/stat (proc(5) fields 40 rt_priority, 41 policy). */
export function parseSchedPolicy(stat: string): { policy: string; rtPriority: number } | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const f = stat.slice(close + 2).trim().split(' ');
  const rtPriority = Number(f[40 - 3]);
  const policy = Number(f[41 - 3]);
  if (!Number.isFinite(rtPriority) || !Number.isFinite(policy)) return undefined;
  return { policy: policies[policy] ?? `policy ${policy}`, rtPriority };
}

/** The policy a running process has now (undefined when it has ended). */
export function readSchedPolicy(pid: number): { policy: string; rtPriority: number } | undefined {
  try {
    return parseSchedPolicy(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Pure: what the RT throttle does to a generator that spins (the open loop spins between sends when they are less
 * than 3 ms apart, so at 2000/s it is runnable the whole phase): once the CPU's real-time tasks have used `runtimeUs`
 * of a `periodUs`, they are stopped for the rest of it — a gap of (period − runtime) every period.
 */
export function describeRtThrottle(t: RtThrottle): string {
  if (t.runtimeUs === null || t.periodUs === null) return 'the real-time throttle (sched_rt_runtime_us) could not be read';
  if (t.runtimeUs < 0) return 'sched_rt_runtime_us is -1: real-time tasks are never throttled (a spinning generator can starve everything else on its CPU, kernel threads included)';
  const gapMs = (t.periodUs - t.runtimeUs) / 1000;
  return `sched_rt_runtime_us ${t.runtimeUs} of sched_rt_period_us ${t.periodUs}: a real-time task that spins would be stopped up to ${gapMs} ms every ${t.periodUs / 1000} ms so normal tasks may run — itself a ${gapMs} ms scheduling gap`;
}

/** Pure: one sentence on the generator's priority as obtained (for the report). */
export function describeGeneratorPriority(p: GeneratorPriority): string {
  const workers = p.workers.map((w) => `${w.policy}${w.policy === 'SCHED_FIFO' || w.policy === 'SCHED_RR' ? ` ${w.rtPriority}` : ''} (pid ${w.pid}, CPU ${w.cpu})`).join(', ') || 'not started';
  if (p.requested === 'normal') return `generator priority: normal (--realtime not asked for): ${workers}`;
  if (p.fallback) return `generator priority: --realtime asked for but not obtained (${p.fallback}): ${workers}`;
  const y = p.spinYield ? `; the open loop slept ${p.spinYield.forUs} µs of every ${p.spinYield.everyUs} µs it spun, so the throttle never stopped it (responses read up to ${p.spinYield.forUs} µs later meanwhile)` : '';
  return `generator priority: real-time under \`${p.wrap}\`: ${workers}; ${describeRtThrottle(p.throttle)}${y}`;
}
