// The proxy of one cell: started, restarted (a ladder, the probe sweep, after a crash) and stopped here, watched by the sampler.
import type { Sampler } from '../measure/resources/sampler.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RunningTarget, StartOptions } from '../runtime/target.js';
import type { Variant } from '../runtime/variants.js';
import { untilStopped } from './stop.js';

/** What a restart may change: the probe sweep puts the proxy in front of the oracle with a pinned pool. */
export type StartOverrides = Partial<Pick<StartOptions, 'upstream' | 'upstreamPoolSize'>>;

export interface SessionDeps {
  runtime: Pick<Runtime, 'startVariant'>;
  sampler: Pick<Sampler, 'watch' | 'unwatch'>;
  signal: AbortSignal;
  log(line: string): void;
}

export interface CellSession {
  /** The proxy running now (after the latest restart). */
  target(): RunningTarget;
  /** Every target this session started: adversarial traffic goes to no other. */
  readonly started: ReadonlySet<RunningTarget>;
  /** Stops the proxy and starts it afresh (logged unless quiet); overrides stay in force for later restarts. */
  restart(why: string, overrides?: StartOverrides, quiet?: boolean): Promise<RunningTarget>;
  /** Stops the proxy (safe to call twice). */
  stop(): Promise<void>;
}

export interface SessionStart {
  variant: Variant;
  options: StartOptions;
  version: string | undefined;
  /** "nginx #2": how the log names the cell. */
  label: string;
}

/** Starts the cell's proxy; rejects with its start error, or InterruptedError when the run is stopped meanwhile. */
export async function openCellSession(deps: SessionDeps, start: SessionStart): Promise<CellSession> {
  let options = start.options;
  const started = new Set<RunningTarget>();
  const launch = async (): Promise<RunningTarget> => {
    // A target that comes up after the run was stopped is stopped at once (the runtime's close() is the last resort).
    const target = await untilStopped(deps.signal, () => deps.runtime.startVariant(start.variant, options, start.version), (late) => late.stop());
    started.add(target);
    if (target.resources) deps.sampler.watch('proxy', target.resources);
    return target;
  };
  let current: RunningTarget | undefined = await launch();
  const stop = async () => {
    const target = current;
    current = undefined;
    if (target === undefined) return;
    if (target.resources) deps.sampler.unwatch('proxy');
    await target.stop();
  };
  let last: RunningTarget = current;
  return {
    target: () => current ?? last,
    started,
    restart: async (why, overrides = {}, quiet = false) => {
      if (!quiet) deps.log(`  ${start.label}: ${why}; restarting the proxy`);
      await stop();
      options = { ...options, ...overrides };
      last = current = await launch();
      return current;
    },
    stop,
  };
}
