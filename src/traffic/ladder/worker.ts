// Ladder worker process: holds the connection ladder's connections with its own fds and memory (worker-kit calls).
import { readFdLimits } from '../../measure/connections/fd-limits.js';
import { isEntryPoint } from '../../shared/entry-point.js';
import { serveWorker } from '../../shared/worker/serve.js';
import { ConnectionHolder } from './holder.js';
import type { HolderSpec, HolderStatus, OpenRequest } from './protocol.js';

/** The worker's handlers over one holder, created by `init`. */
export function ladderHandlers(state: { holder: ConnectionHolder | undefined }) {
  const holder = (): ConnectionHolder => {
    if (!state.holder) throw new Error('the ladder worker needs an init call first');
    return state.holder;
  };
  return {
    init: (spec: HolderSpec): HolderStatus => {
      if (state.holder) throw new Error('the ladder worker is already initialised');
      state.holder = new ConnectionHolder(spec, readFdLimits()?.soft ?? null);
      setTimeout(() => {
        state.holder?.closeAll();
        process.exit(0);
      }, spec.lifetimeMs).unref();
      return state.holder.status();
    },
    open: (request: OpenRequest): Promise<HolderStatus> => holder().open(request.connections, request.timeoutMs),
    status: (): HolderStatus => holder().status(),
    close: (): HolderStatus => holder().closeAll(),
  };
}

if (isEntryPoint(import.meta.url)) {
  const state: { holder: ConnectionHolder | undefined } = { holder: undefined };
  serveWorker(ladderHandlers(state), { beforeExit: () => state.holder?.closeAll() });
}
