// Parent side of the attacker process: forks it pinned to its CPUs, runs one attack with a bounded wait, always stops it.
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { BenchError, EnvironmentError } from '../../shared/errors.js';
import { assertAdversarialAddress } from '../safety.js';
import type { VouchedEndpoint } from '../types.js';
import type { AttackerReply, AttackerResult, AttackerSpec } from './protocol.js';

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
  const child = fork(fileURLToPath(new URL('./attacker-worker.js', import.meta.url)), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error) => reject(new EnvironmentError('could not start the attacker process', { cause: error })));
  });
  try {
    await execa('taskset', ['-a', '-p', '-c', cpus, String(child.pid)], { timeout: 5000 });
  } catch (error) {
    child.kill('SIGKILL');
    throw new EnvironmentError(`could not pin the attacker to CPUs ${cpus}`, { cause: error, hint: 'set cpus.attacker in the scenario to CPUs this machine has' });
  }
  await yieldToGenerator(child.pid!);
  const result = awaitResult(child, spec.durationMs + marginMs).finally(() => stop(child));
  child.send({ type: 'run', spec });
  return { pid: child.pid!, result, kill: () => void child.kill('SIGKILL') };
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

function awaitResult(child: ChildProcess, limitMs: number): Promise<AttackerResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError('ATTACKER_TIMEOUT', `the attacker did not report within ${limitMs} ms`)), limitMs);
    child.once('message', (message: AttackerReply) => {
      clearTimeout(timer);
      if (message.type === 'result') resolve(message.result);
      else reject(new BenchError('ATTACKER', message.message));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new BenchError('ATTACKER_EXITED', `the attacker exited (code ${code}, signal ${signal})`));
    });
  });
}

function stop(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send({ type: 'exit' });
  setTimeout(() => child.kill('SIGKILL'), 2000).unref();
}
