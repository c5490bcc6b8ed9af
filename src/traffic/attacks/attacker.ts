// Parent side of the attacker process (the worker kit): pinned to its CPUs, one attack with a bounded wait, always stopped.
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { BenchError } from '../../shared/errors.js';
import { startWorker } from '../../shared/worker/spawn.js';
import { assertAdversarialAddress } from '../safety.js';
import type { VouchedEndpoint } from '../types.js';
import type { AttackerResult, AttackerSpec } from './protocol.js';

/**
 * Beyond the attack's own duration, the wait for its result (connections closing, the reply). Generous: the attacker
 * runs at idle priority, so on a busy machine closing 4000 flood connections can take it many seconds.
 */
const marginMs = 30_000;

export interface RunningAttack {
  pid: number;
  result: Promise<AttackerResult>;
  /** Ends the attack now (the phase was interrupted): the process is killed and `result` rejects. */
  kill(): void;
}

/**
 * Forks the attacker, pins it, starts the attack; `result` settles when it ends (the process is then stopped).
 * The target must be on loopback or one of `vouched` (a container its runtime started on the run's own network).
 */
export async function startAttacker(spec: AttackerSpec, cpus: string, vouched: readonly VouchedEndpoint[] = []): Promise<RunningAttack> {
  assertAdversarialAddress(spec.target, vouched);
  if (spec.connections > 10_000 || spec.durationMs > 3_600_000) throw new BenchError('UNBOUNDED_ATTACK', 'an attack is bounded to 10000 connections and 1 h');
  const worker = await startWorker({
    modulePath: fileURLToPath(new URL('./attacker-worker.js', import.meta.url)),
    name: 'attacker',
    code: 'ATTACKER',
    cpus,
  });
  await yieldToGenerator(worker.pid);
  const result = worker.call<AttackerResult>('run', spec, spec.durationMs + marginMs).finally(() => worker.stop());
  return { pid: worker.pid, result, kill: () => worker.kill() };
}

/**
 * Puts the attacker under SCHED_IDLE (nice 19 where that is refused), so that on a core it shares with the benign
 * generator the generator always runs first: the attack may then fall short of its rate (that is recorded), but it
 * never delays the benign schedule. At equal priority CFS let the attacker hold the core for 3-5 ms past a benign
 * request's send time, which invalidated every attack phase on a 2-core machine.
 */
async function yieldToGenerator(pid: number): Promise<void> {
  try {
    await execa('chrt', ['--idle', '-a', '-p', '0', String(pid)], { timeout: 5000 });
  } catch {
    try {
      setPriority(pid, 19);
    } catch {
      // Left at normal priority: the phase's validity check still catches a generator that fell behind.
    }
  }
}
