// The pre-flight noise check: other processes' load on each generator CPU, then a pinned spin loop's scheduling gaps.
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWorker, type WorkerProcess } from '../../shared/worker/spawn.js';
import { busiestOn, busyShare, readCpuStat, readTasks } from './cpu-stat.js';
import { noiseWarnings, type CpuNoise, type NoiseLimits } from './judge.js';
import { summarizeGaps, type SpinGaps } from './spin-gaps.js';

export interface MachineCheck {
  /** How long each CPU's spin loop ran and the gap it counted from, and how long others' load was read. */
  spinMs: number;
  thresholdUs: number;
  idleMs: number;
  limits: NoiseLimits;
  cpus: CpuNoise[];
  /** What the machine cannot meet, in words (empty: nothing found). The run goes on either way. */
  warnings: string[];
  /** Set when the check was not made (remote generator workers) or failed, and why (then `cpus` is empty). */
  error?: string;
}

export interface CheckOptions {
  cpus: readonly number[];
  limits: NoiseLimits;
  spinMs?: number;
  thresholdUs?: number;
  idleMs?: number;
  /** Extra environment / a priority wrapper for the spin workers (the generator's own, e.g. real-time). */
  wrap?: readonly string[];
}

const clockTicksPerSec = 100;

export async function checkMachine(o: CheckOptions): Promise<MachineCheck> {
  const spinMs = o.spinMs ?? 300;
  const thresholdUs = o.thresholdUs ?? 50;
  const idleMs = o.idleMs ?? 200;
  const base = { spinMs, thresholdUs, idleMs, limits: o.limits };
  const workers: WorkerProcess[] = [];
  try {
    for (const cpu of o.cpus) {
      workers.push(await startWorker({ modulePath: fileURLToPath(new URL('./noise-worker.js', import.meta.url)), name: 'noise check', code: 'NOISE_CHECK', cpus: String(cpu), readyTimeoutMs: 10_000, ...(o.wrap ? { wrap: o.wrap } : {}) }));
    }
    const own = new Set([process.pid, ...workers.map((w) => w.pid)]);
    const [statBefore, tasksBefore] = [readCpuStat(), readTasks()];
    await sleep(idleMs);
    const [statAfter, tasksAfter] = [readCpuStat(), readTasks()];
    const spins = await Promise.all(workers.map((w) => w.call<SpinGaps>('spin', { durationMs: spinMs, thresholdUs }, spinMs + 5000)));
    const cpus: CpuNoise[] = o.cpus.map((cpu, k) => ({
      cpu,
      othersBusyShare: busyShare(statBefore, statAfter, cpu),
      busiest: busiestOn(tasksBefore, tasksAfter, cpu, idleMs, clockTicksPerSec, own).slice(0, 3),
      ...summarizeGaps(spins[k]!, o.limits.limitUs),
    }));
    return { ...base, cpus, warnings: noiseWarnings(cpus, o.limits) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, cpus: [], warnings: [`the noise check could not be made: ${message}`], error: message };
  } finally {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
  }
}

/** One line per CPU: what the check found. */
export function describeMachineCheck(m: MachineCheck): string[] {
  if (m.error) return [`noise check: not made (${m.error})`];
  return m.cpus.map((c) =>
    `noise check, generator CPU ${c.cpu}: ${c.gaps} gaps > ${m.thresholdUs} µs in ${m.spinMs} ms (longest ${(c.maxGapUs / 1000).toFixed(2)} ms, not running ${(c.stalledShare * 100).toFixed(1)}% of the time, ` +
      `≈${(c.lateShare * 100).toFixed(2)}% of requests would be > ${m.limits.limitUs / 1000} ms late)` +
      (c.othersBusyShare === null ? '' : `; others kept it ${(c.othersBusyShare * 100).toFixed(1)}% busy`),
  );
}
