// Generator child process: runs traffic phases on request over IPC (started by generator.ts with child_process.fork).
import { BenchError } from '../shared/errors.js';
import { isParentMessage, type ChildMessage } from './protocol.js';
import { runTraffic } from './run-traffic.js';
import { isEntryPoint } from '../shared/entry-point.js';

function reply(message: ChildMessage): void {
  process.send?.(message);
}

function errorMessage(error: unknown): ChildMessage {
  if (error instanceof BenchError) {
    return { type: 'error', message: error.message, code: error.code, ...(error.hint !== undefined ? { hint: error.hint } : {}) };
  }
  return { type: 'error', message: error instanceof Error ? error.message : String(error) };
}

/** Serves 'run' requests one at a time until told to exit or the parent goes away. */
export function serveGenerator(): void {
  if (process.send === undefined) throw new BenchError('GENERATOR', 'the generator worker must be started with an IPC channel (child_process.fork)');
  let busy = false;
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return reply({ type: 'error', message: 'unknown message' });
    if (message.type === 'exit') return process.exit(0);
    if (busy) return reply({ type: 'error', message: 'a run is already in progress', code: 'GENERATOR_BUSY' });
    busy = true;
    runTraffic(message.spec)
      .then((result) => reply({ type: 'result', result }), (error: unknown) => reply(errorMessage(error)))
      .finally(() => { busy = false; });
  });
}


if (isEntryPoint(import.meta.url)) serveGenerator();
