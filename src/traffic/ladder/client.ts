// Runner side of the ladder worker (the worker kit): started with its fd limit raised, pinned to the generator CPUs.
import { fileURLToPath } from 'node:url';
import { startWorker } from '../../shared/worker/spawn.js';
import { assertLoopbackTarget } from '../safety.js';
import type { HolderSpec, HolderStatus, OpenRequest } from './protocol.js';

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

const replyMarginMs = 10_000;

export async function startLadderWorker(options: { cpus?: string } = {}): Promise<LadderWorker> {
  const worker = await startWorker({
    modulePath: fileURLToPath(new URL('./worker.js', import.meta.url)),
    name: 'ladder worker',
    code: 'LADDER_WORKER',
    ...(options.cpus !== undefined ? { cpus: options.cpus } : {}),
  });
  return {
    pid: worker.pid,
    init: (spec) => {
      assertLoopbackTarget(spec.target);
      return worker.call('init', spec, replyMarginMs);
    },
    open: (connections, timeoutMs) => worker.call('open', { connections, timeoutMs } satisfies OpenRequest, timeoutMs + replyMarginMs),
    status: () => worker.call('status', undefined, replyMarginMs),
    close: () => worker.call('close', undefined, replyMarginMs),
    stop: () => worker.stop(),
  };
}
