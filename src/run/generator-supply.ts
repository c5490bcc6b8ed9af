// The run's load generator: started and warmed on first use, started again if it died, stopped with the run.
import { stopWith, throwIfStopped, untilStopped } from './stop.js';
import type { TrafficResult, TrafficSpec } from '../traffic/types.js';

export interface LoadGenerator {
  /** Every generator worker's pid (one per worker; several drive a phase together and their results merge). */
  pids: number[];
  alive(): boolean;
  run(spec: TrafficSpec): Promise<TrafficResult>;
  stop(): Promise<void>;
}

export interface GeneratorSupplyDeps {
  start(): Promise<LoadGenerator>;
  /** Warms a fresh generator (JIT) against the upstream; its results are discarded. */
  warm(generator: LoadGenerator): Promise<void>;
  signal: AbortSignal;
}

export interface GeneratorSupply {
  /** The warmed generator; rejects with InterruptedError when the run is stopped while it starts or warms. */
  get(): Promise<LoadGenerator>;
  /** Stops it if it was started (safe to call twice). */
  stop(): Promise<void>;
}

export function generatorSupply(deps: GeneratorSupplyDeps): GeneratorSupply {
  let current: LoadGenerator | undefined;
  return {
    async get() {
      throwIfStopped(deps.signal);
      if (current?.alive()) return current;
      await current?.stop().catch(() => undefined); // a pool that lost a worker: start it afresh
      current = undefined;
      const started = await untilStopped(deps.signal, () => deps.start(), (late) => late.stop());
      current = started;
      // Stopping the generator ends a warm-up run at once (its pending run rejects).
      try {
        await stopWith(deps.signal, () => started.stop(), () => deps.warm(started));
        throwIfStopped(deps.signal);
      } catch (error) {
        current = undefined;
        await started.stop().catch(() => undefined);
        throwIfStopped(deps.signal);
        throw error;
      }
      return started;
    },
    async stop() {
      const g = current;
      current = undefined;
      await g?.stop().catch(() => undefined);
    },
  };
}
