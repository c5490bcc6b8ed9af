// Worker side of the kit: answers calls one at a time with the worker's handlers, exits when told or orphaned.
import { isToWorker, type FromWorker } from './protocol.js';
import { toWireError } from './wire-error.js';

export type Handlers = Record<string, (payload: never) => unknown>;

export interface ServeOptions {
  /** Runs before the process exits (told to, or the parent went away): e.g. closing every held connection. */
  beforeExit?: () => void;
}

/**
 * Serves calls over the IPC channel until told to exit or the parent goes away. Call it only from the worker's entry
 * point (`if (isEntryPoint(import.meta.url)) serveWorker(…)`), never on import.
 */
export function serveWorker(handlers: Handlers, options: ServeOptions = {}): void {
  if (process.send === undefined) throw new Error('a worker must be started with an IPC channel (the worker kit starts it so)');
  const reply = (message: FromWorker) => process.send?.(message);
  const exit = () => {
    options.beforeExit?.();
    process.exit(0);
  };
  let queue: Promise<void> = Promise.resolve();
  process.on('disconnect', exit); // the parent has gone: so does everything this worker holds
  process.on('message', (message: unknown) => {
    if (!isToWorker(message)) return;
    if (message.kit === 'exit') return exit();
    const handler = Object.hasOwn(handlers, message.method) ? handlers[message.method] : undefined;
    queue = queue.then(async () => {
      try {
        if (handler === undefined) throw new Error(`unknown method "${message.method}"`);
        reply({ kit: 'reply', id: message.id, ok: true, value: await handler(message.payload as never) });
      } catch (error) {
        reply({ kit: 'reply', id: message.id, ok: false, error: toWireError(error) });
      }
    });
  });
  reply({ kit: 'ready', pid: process.pid });
}
