// Ladder worker process: holds the connection ladder's connections with its own fds and memory, driven over IPC.
import { readFdLimits } from '../../measure/connections/fd-limits.js';
import { ConnectionHolder } from './holder.js';
import { isToWorker, type FromWorker, type ToWorker } from './protocol.js';
import { isEntryPoint } from '../../shared/entry-point.js';

function reply(message: FromWorker): void {
  process.send?.(message);
}

/** Answers one message; every message gets exactly one reply (a status or an error). */
async function handle(message: ToWorker, state: { holder: ConnectionHolder | undefined }): Promise<FromWorker> {
  if (message.type === 'init') {
    if (state.holder) return { type: 'error', message: 'the ladder worker is already initialised' };
    state.holder = new ConnectionHolder(message.spec, readFdLimits()?.soft ?? null);
    setTimeout(() => {
      state.holder?.closeAll();
      process.exit(0);
    }, message.spec.lifetimeMs).unref();
    return { type: 'status', status: state.holder.status() };
  }
  if (!state.holder) return { type: 'error', message: 'the ladder worker needs an init message first' };
  if (message.type === 'open') return { type: 'status', status: await state.holder.open(message.connections, message.timeoutMs) };
  if (message.type === 'close') return { type: 'status', status: state.holder.closeAll() };
  return { type: 'status', status: state.holder.status() };
}

export function serveLadderWorker(): void {
  if (process.send === undefined) throw new Error('the ladder worker must be started with an IPC channel');
  const state: { holder: ConnectionHolder | undefined } = { holder: undefined };
  let queue = Promise.resolve();
  process.on('disconnect', () => process.exit(0)); // the runner has gone: the connections go with this process
  process.on('message', (message: unknown) => {
    if (!isToWorker(message)) return reply({ type: 'error', message: 'unknown message' });
    if (message.type === 'exit') {
      state.holder?.closeAll();
      return process.exit(0);
    }
    queue = queue
      .then(() => handle(message, state))
      .then(reply, (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
  });
}


if (isEntryPoint(import.meta.url)) serveLadderWorker();
