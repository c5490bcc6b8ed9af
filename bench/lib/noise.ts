// Estimates CPU used by processes that are not the bench's own during a step (a shared machine makes figures noisy).
import { readFileSync } from 'node:fs';
import { execa } from 'execa';

/** Jiffies per second on Linux (USER_HZ). */
const ticksPerSec = 100;

/** user + nice + system over all CPUs, from the first line of /proc/stat (irq/softirq left out, as for processes). */
export function parseTotalBusyTicks(procStat: string): number {
  const fields = (procStat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  return (fields[0] ?? 0) + (fields[1] ?? 0) + (fields[2] ?? 0);
}

/** utime + stime (+ cutime + cstime of reaped children when `withChildren`) from /proc/PID/stat. */
export function parseProcessTicks(pidStat: string, withChildren: boolean): number {
  const afterComm = pidStat.slice(pidStat.lastIndexOf(')') + 2).split(' ').map(Number);
  // Fields after "(comm) ": state is index 0, utime is stat field 14 → index 11.
  const own = (afterComm[11] ?? 0) + (afterComm[12] ?? 0);
  return withChildren ? own + (afterComm[13] ?? 0) + (afterComm[14] ?? 0) : own;
}

function processTicks(pid: number, withChildren: boolean): number {
  try {
    return parseProcessTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'), withChildren);
  } catch {
    return 0;
  }
}

export interface NoiseReading {
  /** CPU cores used on average by other processes during the step. */
  foreignCores: number;
}

/**
 * Starts measuring. `ourPids` are the long-lived processes of the bench (generator, upstream); the bench's own
 * process counts with its reaped children (wrk, the autocannon CLI). Processes that exit mid-step are not followed.
 */
export function startNoiseMeter(ourPids: readonly number[]): { stop(): NoiseReading } {
  const ours = () => processTicks(process.pid, true) + ourPids.reduce((n, pid) => n + processTicks(pid, false), 0);
  const total0 = parseTotalBusyTicks(readFileSync('/proc/stat', 'utf8'));
  const ours0 = ours();
  const t0 = performance.now();
  return {
    stop: () => {
      const seconds = (performance.now() - t0) / 1000;
      const foreign = parseTotalBusyTicks(readFileSync('/proc/stat', 'utf8')) - total0 - (ours() - ours0);
      return { foreignCores: seconds > 0 ? Math.max(0, foreign / ticksPerSec / seconds) : 0 };
    },
  };
}

/** A spin loop that records every gap over 200 µs: what a process on that CPU loses to everyone else. */
const hiccupScript = `
const endNs = process.hrtime.bigint() + 1000000000n; let last = process.hrtime.bigint(); let lostNs = 0; let maxNs = 0;
for (let i = 0; i < 1e9; i++) { const now = process.hrtime.bigint(); if (now >= endNs) break; const gap = Number(now - last);
  if (gap > 200000) { lostNs += gap; if (gap > maxNs) maxNs = gap; } last = now; }
console.log(JSON.stringify({ lostNs, maxNs }));`;

export interface HiccupReading {
  cpu: string;
  /** Share of one second the spinning process did not run (gaps over 200 µs). */
  lostShare: number;
  maxGapMs: number;
}

/** Spins 1 s pinned to `cpu`; catches stolen time that /proc/stat in a VM does not show. */
export async function measureHiccups(cpu: string): Promise<HiccupReading> {
  const { stdout } = await execa('taskset', ['-c', cpu, process.execPath, '-e', hiccupScript], { timeout: 10_000 });
  const { lostNs, maxNs } = JSON.parse(stdout) as { lostNs: number; maxNs: number };
  return { cpu, lostShare: lostNs / 1e9, maxGapMs: maxNs / 1e6 };
}

/** This VM loses ~0.5% of each CPU in gaps up to ~3 ms even when idle; flag only what is clearly above that floor. */
export function fmtHiccups(readings: readonly HiccupReading[]): string {
  return readings.map((r) => `CPU ${r.cpu} lost ${(r.lostShare * 100).toFixed(1)}% (max gap ${r.maxGapMs.toFixed(1)} ms)` +
    `${r.lostShare > 0.01 || r.maxGapMs > 5 ? ' NOISY' : ''}`).join(', ');
}
