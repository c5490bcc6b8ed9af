// Parent side of the kit: starts a worker process pinned from birth, calls it with bounded waits, always stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { BenchError, ConfigError, EnvironmentError } from '../errors.js';
import { isFromWorker, type ToWorker } from './protocol.js';
import { fromWireError } from './wire-error.js';

export interface WorkerOptions {
  /** Absolute path of the worker's compiled entry module (it calls serveWorker). */
  modulePath: string;
  /** Names the worker in messages: "generator", "ladder worker", "attacker". */
  name: string;
  /** Prefix of the error codes of its failures: GENERATOR → GENERATOR_EXITED, GENERATOR_TIMEOUT. */
  code: string;
  /** taskset CPU list, e.g. "0" or "0,2-3": the process and all its threads run only there, from its first instruction. */
  cpus?: string;
  /** A command the worker runs under, before the pinning (e.g. `chrt -f 1`: real-time priority). */
  wrap?: readonly string[];
  /** How long the worker may take to start and say it is ready (default 30 s: node starts slowly on a loaded machine). */
  readyTimeoutMs?: number;
  /** Extra environment for the worker. */
  env?: Record<string, string>;
}

export interface WorkerProcess {
  pid: number;
  /** False once the process has exited. */
  alive(): boolean;
  /**
   * Calls `method` in the worker; calls run one at a time, in order. Rejects with the worker's own error rebuilt
   * (a ConfigError keeps its problems), CODE_EXITED if it dies, or CODE_TIMEOUT after `timeoutMs` (the worker is
   * then killed: its state is unknown).
   */
  call<T>(method: string, payload: unknown, timeoutMs: number): Promise<T>;
  /** Asks the worker to exit, killing it if it does not within a few seconds. */
  stop(): Promise<void>;
  /** Kills it now (an interrupted phase). */
  kill(): void;
}

const cpuListPattern = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
const exitWaitMs = 3000;
const stderrTailBytes = 4096;
/**
 * The shell raises the soft fd limit to the hard one (a Node process cannot raise its own RLIMIT_NOFILE), then
 * execs `[taskset -c CPUS] node MODULE` in its place: the pid the parent holds is the worker's.
 */
const launcher = 'ulimit -S -n "$(ulimit -H -n)" 2>/dev/null; exec "$@"';

export function assertCpuList(cpus: string): void {
  if (!cpuListPattern.test(cpus)) throw new ConfigError(`bad CPU list ${JSON.stringify(cpus)}`, ['cpus must look like "0" or "0,2-3"']);
}

export async function startWorker(options: WorkerOptions): Promise<WorkerProcess> {
  if (options.cpus !== undefined) assertCpuList(options.cpus);
  const pin = options.cpus !== undefined ? ['taskset', '-c', options.cpus] : [];
  const child = spawn('/bin/sh', ['-c', launcher, 'sh', ...(options.wrap ?? []), ...pin, process.execPath, options.modulePath], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-stderrTailBytes);
  });
  const tail = () => (stderrTail.trim() === '' ? '' : `: ${stderrTail.trim().split('\n').slice(-3).join(' / ')}`);
  await waitReady(child, options, tail);
  return workerHandle(child, options, tail);
}

function waitReady(child: ChildProcess, options: WorkerOptions, tail: () => string): Promise<void> {
  const limitMs = options.readyTimeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      settle();
    };
    const onMessage = (m: unknown) => { if (isFromWorker(m) && m.kit === 'ready') done(resolve); };
    const onExit = (code: number | null, signal: string | null) => done(() => reject(new EnvironmentError(
      `the ${options.name} process exited before it was ready (code ${code}, signal ${signal})${tail()}`,
      { hint: options.cpus !== undefined ? `check that taskset (util-linux) is installed and CPUs ${options.cpus} exist (nproc)` : 'its output above says why' },
    )));
    const onError = (error: Error) => done(() => reject(new EnvironmentError(`could not start the ${options.name} process`, { cause: error, hint: 'check that /bin/sh exists' })));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(() => reject(new BenchError(`${options.code}_TIMEOUT`, `the ${options.name} process did not start within ${limitMs} ms${tail()}`)));
    }, limitMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function workerHandle(child: ChildProcess, options: WorkerOptions, tail: () => string): WorkerProcess {
  const pid = child.pid!;
  child.on('error', () => undefined); // a failed send or kill; the 'exit' that follows settles every call
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  const exchange = <T>(method: string, payload: unknown, timeoutMs: number): Promise<T> => new Promise((resolve, reject) => {
    if (exited() || !child.connected) {
      return reject(new BenchError(`${options.code}_EXITED`, `the ${options.name} process (pid ${pid}) is not running${tail()}`));
    }
    const id = nextId++;
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    const onMessage = (m: unknown) => {
      if (!isFromWorker(m) || m.kit !== 'reply' || m.id !== id) return;
      if (m.ok) done(() => resolve(m.value as T));
      else done(() => reject(fromWireError(m.error, options.code, options.name)));
    };
    const onExit = (code: number | null, signal: string | null) => done(() => reject(new BenchError(
      `${options.code}_EXITED`, `the ${options.name} process exited during "${method}" (code ${code}, signal ${signal})${tail()}`)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(() => reject(new BenchError(`${options.code}_TIMEOUT`, `the ${options.name} did not answer "${method}" within ${Math.round(timeoutMs)} ms`)));
    }, Math.max(0, timeoutMs));
    child.on('message', onMessage);
    child.once('exit', onExit);
    // A send to a worker that is dying fails in the callback; its 'exit' then rejects the call.
    child.send({ kit: 'call', id, method, payload } satisfies ToWorker, (error) => { if (error) child.kill('SIGKILL'); });
  });
  return {
    pid,
    alive: () => !exited(),
    call: <T>(method: string, payload: unknown, timeoutMs: number) => {
      const next = queue.then(() => exchange<T>(method, payload, timeoutMs));
      queue = next.catch(() => undefined);
      return next;
    },
    stop: () => stopChild(child, exited),
    kill: () => void child.kill('SIGKILL'),
  };
}

async function stopChild(child: ChildProcess, exited: () => boolean): Promise<void> {
  if (exited()) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ kit: 'exit' } satisfies ToWorker, () => undefined);
  const timer = setTimeout(() => child.kill('SIGKILL'), exitWaitMs);
  await gone;
  clearTimeout(timer);
}
