// Parent side of one generator worker process (the worker kit): pinned, runs phases with a bounded wait.
import { fileURLToPath } from 'node:url';
import { startWorker } from '../shared/worker/spawn.js';
import { assertLoopbackTarget } from './safety.js';
import type { TrafficResult, TrafficSpec } from './types.js';

export interface GeneratorOptions {
  /** taskset CPU list for the generator process, e.g. "0" or "0,2-3". */
  cpus?: string;
  /** A command the process runs under (e.g. `chrt -f 1`: real-time priority, see src/measure/noise/realtime.ts). */
  wrap?: readonly string[];
  /**
   * Extra time a run may take beyond durationMs + 2 × timeoutMs before it is abandoned (default 10 s). Twice the
   * timeout: the open loop may wait up to timeoutMs for its warm pool before t0 and up to timeoutMs to drain after.
   */
  marginMs?: number;
}

export interface LoadGeneratorProcess {
  pid: number;
  /** One phase at a time; rejects with the worker's own error (full detail), or GENERATOR_TIMEOUT / GENERATOR_EXITED. */
  run(spec: TrafficSpec): Promise<TrafficResult>;
  /** Asks the child to exit, killing it if it does not within a few seconds. */
  stop(): Promise<void>;
}

/** The longest a phase may take in the worker: its duration, the warm pool and drain, the wait for a common start. */
export function runLimitMs(spec: TrafficSpec, marginMs: number, nowEpochMs: number): number {
  const untilStartMs = spec.startAtEpochMs !== undefined ? Math.max(0, spec.startAtEpochMs - nowEpochMs) : 0;
  return untilStartMs + spec.durationMs + 2 * spec.timeoutMs + marginMs;
}

export async function startGenerator(options: GeneratorOptions = {}): Promise<LoadGeneratorProcess> {
  const worker = await startWorker({
    modulePath: fileURLToPath(new URL('./worker.js', import.meta.url)),
    name: 'generator',
    code: 'GENERATOR',
    ...(options.cpus !== undefined ? { cpus: options.cpus } : {}),
    ...(options.wrap !== undefined ? { wrap: options.wrap } : {}),
  });
  const marginMs = options.marginMs ?? 10_000;
  return {
    pid: worker.pid,
    run: async (spec) => {
      assertLoopbackTarget(spec.target);
      return worker.call<TrafficResult>('run', spec, runLimitMs(spec, marginMs, Date.now()));
    },
    stop: () => worker.stop(),
  };
}
