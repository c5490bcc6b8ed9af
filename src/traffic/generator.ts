// Parent side of the generator process: forks worker.ts, pins it to CPUs, runs phases over IPC with a bounded wait.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { BenchError, ConfigError, EnvironmentError } from '../shared/errors.js';
import { isChildMessage, type ParentMessage } from './protocol.js';
import { assertLoopbackTarget } from './safety.js';
import type { TrafficResult, TrafficSpec } from './types.js';

export interface GeneratorOptions {
  /** taskset CPU list for the generator process, e.g. "0" or "0,2-3". */
  cpus?: string;
  /**
   * Extra time a run may take beyond durationMs + 2 × timeoutMs before it is abandoned (default 10 s). Twice the
   * timeout: the open loop may wait up to timeoutMs for its warm pool before t0 and up to timeoutMs to drain after.
   */
  marginMs?: number;
}

export interface LoadGeneratorProcess {
  pid: number;
  /** One phase at a time; rejects with the child's BenchError code, or GENERATOR_TIMEOUT / GENERATOR_EXITED. */
  run(spec: TrafficSpec): Promise<TrafficResult>;
  /** Asks the child to exit, killing it if it does not within a few seconds. */
  stop(): Promise<void>;
}

const exitWaitMs = 3000;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.off('exit', onExit); resolve(false); }, ms);
    const onExit = () => { clearTimeout(timer); resolve(true); };
    child.once('exit', onExit);
  });
}

async function pin(pid: number, cpus: string): Promise<void> {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(cpus)) throw new ConfigError(`bad CPU list ${JSON.stringify(cpus)}`, ['cpus must look like "0" or "0,2-3"']);
  try {
    await execa('taskset', ['-a', '-p', '-c', cpus, String(pid)], { timeout: 5000 });
  } catch (error) {
    throw new EnvironmentError(`could not pin the generator (pid ${pid}) to CPUs ${cpus}`, {
      cause: error,
      hint: 'install util-linux (taskset) and use CPUs this machine has (see nproc)',
    });
  }
}

async function forkWorker(): Promise<ChildProcess> {
  const workerPath = fileURLToPath(new URL('./worker.js', import.meta.url));
  const child = fork(workerPath, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error) => reject(new EnvironmentError('could not start the generator process', { cause: error })));
  });
  return child;
}

export async function startGenerator(options: GeneratorOptions = {}): Promise<LoadGeneratorProcess> {
  const child = await forkWorker();
  const pid = child.pid!;
  if (options.cpus !== undefined) {
    try {
      await pin(pid, options.cpus);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }
  const marginMs = options.marginMs ?? 10_000;
  let running = false;

  const run = (spec: TrafficSpec): Promise<TrafficResult> => new Promise((resolve, reject) => {
    assertLoopbackTarget(spec.target);
    if (!child.connected) return reject(new BenchError('GENERATOR_EXITED', `the generator process (pid ${pid}) is not running`));
    if (running) return reject(new BenchError('GENERATOR_BUSY', 'the generator is already running a phase'));
    running = true;
    const limitMs = spec.durationMs + 2 * spec.timeoutMs + marginMs;
    const done = (settle: () => void) => {
      running = false;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'result') return done(() => resolve(message.result));
      const hint = message.hint !== undefined ? { hint: message.hint } : {};
      done(() => reject(new BenchError(message.code ?? 'GENERATOR', message.message, hint)));
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(() => reject(new BenchError('GENERATOR_EXITED', `the generator process exited during a run (code ${code}, signal ${signal})`)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // its state is unknown now: a fresh generator is needed
      done(() => reject(new BenchError('GENERATOR_TIMEOUT', `the generator did not return within ${limitMs} ms`)));
    }, limitMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    const message: ParentMessage = { type: 'run', spec };
    child.send(message);
  });

  const stop = async (): Promise<void> => {
    if (child.connected) child.send({ type: 'exit' } satisfies ParentMessage);
    if (await waitForExit(child, exitWaitMs)) return;
    child.kill('SIGKILL');
    await waitForExit(child, exitWaitMs);
  };

  return { pid, run, stop };
}
