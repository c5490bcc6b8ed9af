// Samples named resource sources (proxy, upstream, generator) at a fixed interval into time series.
import { clockTicksPerSec } from './procfs.js';
import type { ResourceSource } from './source.js';

export interface ResourcePoint {
  /** ms since the sampler's time origin (the run start). */
  tMs: number;
  /** Cumulative CPU seconds of the target since it started. */
  cpuSeconds: number;
  rssBytes: number;
  processes: number;
  threads: number;
}

export interface Sampler {
  /** Begins sampling a source under a role (proxy | upstream | generator); replaces an earlier source of that role. */
  watch(role: string, source: ResourceSource): void;
  unwatch(role: string): void;
  /** Points of a role recorded since `fromMs` (all when omitted). */
  series(role: string, fromMs?: number): ResourcePoint[];
  /** Takes one sample of every watched source now (also used at phase edges). */
  sampleNow(): void;
  stop(): void;
}

export function startSampler(intervalMs: number, deps: { nowMs: () => number }): Sampler {
  const sources = new Map<string, ResourceSource>();
  const points = new Map<string, ResourcePoint[]>();
  const sampleNow = () => {
    const tMs = deps.nowMs();
    for (const [role, source] of sources) {
      const s = source.read();
      if (!s) continue;
      points.get(role)?.push({ tMs, cpuSeconds: s.cpuTicks / clockTicksPerSec, rssBytes: s.rssBytes, processes: s.processes, threads: s.threads });
    }
  };
  const timer = setInterval(sampleNow, intervalMs);
  timer.unref();
  return {
    watch: (role, source) => {
      // A new source of a role (the next cell's proxy, a restarted proxy) continues the role's series; consumers
      // cut it by time, and a drop of the cumulative CPU marks where a new process began.
      sources.set(role, source);
      if (!points.has(role)) points.set(role, []);
      sampleNow();
    },
    unwatch: (role) => sources.delete(role),
    series: (role, fromMs = -Infinity) => (points.get(role) ?? []).filter((p) => p.tMs >= fromMs),
    sampleNow,
    stop: () => clearInterval(timer),
  };
}
