// A phase with its retries: an attempt invalid only for the generator's own reasons is run again, within the bounds.
import type { RunningTarget } from '../runtime/target.js';
import type { Phase } from '../scenario/schema.js';
import type { PhaseRecord } from '../record/run.js';
import type { RetryBudget } from './retry-budget.js';
import { runPhase, type PhaseEnv } from './run-phase.js';
import { throwIfStopped } from './stop.js';

export interface AttemptsDeps {
  env: PhaseEnv;
  target: () => RunningTarget;
  budget: RetryBudget;
  /** "nginx #2": how the log names the cell. */
  label: string;
  /** Called after every attempt with the record to keep so far (a stop during a retry keeps the attempt before it). */
  keep(record: PhaseRecord): void;
}

/** Runs the phase until an attempt is valid, or is invalid for a reason that is not the generator's, or the bounds are reached. */
export async function runPhaseAttempts(deps: AttemptsDeps, phase: Phase): Promise<PhaseRecord> {
  const { env, budget } = deps;
  const earlier: PhaseRecord[] = [];
  for (let attempt = 1; ; attempt++) {
    throwIfStopped(env.signal);
    const startMs = env.nowMs();
    const ran = await runPhase(env, deps.target(), phase);
    if (attempt > 1) budget.spend(env.nowMs() - startMs);
    const record: PhaseRecord = { ...ran, attempt, ...(earlier.length > 0 ? { retriedAttempts: [...earlier] } : {}) };
    deps.keep(record);
    if (phase.warmup || record.validity.valid || record.validity.generatorSide !== true) return record;
    // A proxy that died or an upstream that died ends the cell: no retry measures them.
    if (deps.target().exit() || env.upstreamSupervisor.death()) return record;
    const decision = budget.decide(attempt, phase.duration);
    const why = record.validity.reasons.join('; ');
    if (!decision.retry) {
      env.log(`  ${deps.label} ${phase.name}: attempt ${attempt} invalid for the generator's own reason (${why}); not retried: ${decision.why}`);
      return record;
    }
    env.log(`  ${deps.label} ${phase.name}: attempt ${attempt} invalid for the generator's own reason (${why}); running it again (attempt ${attempt + 1} of at most ${budget.maxPerPhase + 1})`);
    earlier.push({ ...ran, attempt });
  }
}
