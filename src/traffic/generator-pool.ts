// Several generator worker processes driving one phase together: each pinned, each its share, merged exactly.
import { pidAlive } from '../shared/pid-alive.js';
import { startGenerator, type GeneratorOptions, type LoadGeneratorProcess } from './generator.js';
import { mergeTrafficResults } from './merge.js';
import type { TrafficResult, TrafficSpec } from './types.js';

export interface GeneratorPool {
  /** Every worker's pid, in worker order. */
  pids: number[];
  /** One phase at a time; several workers return their exact merge, each worker's own result in `workers`. */
  run(spec: TrafficSpec): Promise<TrafficResult>;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * How far ahead of now the common start T0 is set: every worker opens its warm pool before T0 (on loopback, a few ms)
 * and starts its phase clock at T0, so their per-second intervals cover the same seconds. A worker that starts late
 * says so (startLateMs) and makes the phase invalid.
 */
export const startLeadMs = 1000;

/** The specs for `count` workers: worker k takes share k of the schedule or the connections, all from T0. */
export function workerSpecs(spec: TrafficSpec, count: number, t0EpochMs: number): TrafficSpec[] {
  return Array.from({ length: count }, (_, index) => ({ ...spec, share: { index, count }, startAtEpochMs: t0EpochMs }));
}

/** Starts one worker per entry of `cpus` (each pinned to its entry); one entry is today's single generator. */
export async function startGeneratorPool(cpus: readonly string[], options: Omit<GeneratorOptions, 'cpus'> = {}): Promise<GeneratorPool> {
  const started = await Promise.allSettled(cpus.map((c) => startGenerator({ ...options, cpus: c })));
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(workers.map((w) => w.stop()));
    throw failed.reason;
  }
  return poolOf(workers);
}

function poolOf(workers: LoadGeneratorProcess[]): GeneratorPool {
  const pids = workers.map((w) => w.pid);
  return {
    pids,
    alive: () => pids.every((pid) => pidAlive(pid)),
    run: async (spec) => {
      if (workers.length === 1) return workers[0]!.run(spec);
      const specs = workerSpecs(spec, workers.length, Date.now() + startLeadMs);
      const results = await Promise.all(workers.map((w, k) => w.run(specs[k]!)));
      return mergeTrafficResults(results);
    },
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}
