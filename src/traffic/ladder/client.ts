// Runner side of the ladder worker: starts it with its soft fd limit raised and pinned to the generator CPUs; calls it over IPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchError, ConfigError, EnvironmentError } from '../../shared/errors.js';
import { assertLoopbackTarget } from '../safety.js';
import { isFromWorker, type HolderSpec, type HolderStatus, type ToWorker } from './protocol.js';

export interface LadderWorker {
  pid: number;
  /** Starts holding for `spec`; returns the first (empty) status, which carries the worker's fd limit. */
  init(spec: HolderSpec): Promise<HolderStatus>;
  open(connections: number, timeoutMs: number): Promise<HolderStatus>;
  status(): Promise<HolderStatus>;
  close(): Promise<HolderStatus>;
  /** Asks it to exit (closing every connection), killing it if it does not. */
  stop(): Promise<void>;
}

/**
 * The worker is started through `sh -c 'ulimit -S -n "$(ulimit -H -n)"; exec [taskset -c CPUS] node worker.js'`: a
 * Node process cannot raise its own RLIMIT_NOFILE, the shell can (Node also raises it at start-up; both are harmless).
 */
const launcher = 'ulimit -S -n "$(ulimit -H -n)" 2>/dev/null; exec "$@"';
const replyMarginMs = 10_000;

export async function startLadderWorker(options: { cpus?: string } = {}): Promise<LadderWorker> {
  if (options.cpus !== undefined && !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(options.cpus)) {
    throw new ConfigError(`bad CPU list ${JSON.stringify(options.cpus)}`, ['cpus must look like "0" or "0,2-3"']);
  }
  const workerPath = fileURLToPath(new URL('./worker.js', import.meta.url));
  const pin = options.cpus !== undefined ? ['taskset', '-c', options.cpus] : [];
  const child = spawn('/bin/sh', ['-c', launcher, 'sh', ...pin, process.execPath, workerPath], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new EnvironmentError('could not start the ladder worker', { cause: error, hint: 'check that /bin/sh exists' })));
  });
  let busy: Promise<unknown> = Promise.resolve();
  const call = (message: ToWorker, timeoutMs: number): Promise<HolderStatus> => {
    const next = busy.then(() => exchange(child, message, timeoutMs));
    busy = next.catch(() => undefined);
    return next;
  };
  return {
    pid: child.pid!,
    init: (spec) => {
      assertLoopbackTarget(spec.target);
      return call({ type: 'init', spec }, replyMarginMs);
    },
    open: (connections, timeoutMs) => call({ type: 'open', connections, timeoutMs }, timeoutMs + replyMarginMs),
    status: () => call({ type: 'status' }, replyMarginMs),
    close: () => call({ type: 'close' }, replyMarginMs),
    stop: () => stopChild(child),
  };
}

/** Sends one message and waits for its one reply, the worker's exit, or the time limit (then the worker is killed). */
function exchange(child: ChildProcess, message: ToWorker, timeoutMs: number): Promise<HolderStatus> {
  return new Promise((resolve, reject) => {
    if (!child.connected) {
      return reject(new BenchError('LADDER_WORKER_EXITED', `the ladder worker (pid ${child.pid}) is not running`, {
        hint: 'its output above says why; check that taskset (util-linux) is installed and the generator CPUs exist',
      }));
    }
    const done = (settle: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    const onMessage = (reply: unknown) => {
      if (!isFromWorker(reply)) return;
      if (reply.type === 'status') done(() => resolve(reply.status));
      else done(() => reject(new BenchError(reply.code ?? 'LADDER_WORKER', `ladder worker: ${reply.message}`)));
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(() => reject(new BenchError('LADDER_WORKER_EXITED', `the ladder worker exited (code ${code}, signal ${signal})`)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(() => reject(new BenchError('LADDER_WORKER_TIMEOUT', `the ladder worker did not answer "${message.type}" within ${timeoutMs} ms`)));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'exit' } satisfies ToWorker);
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
