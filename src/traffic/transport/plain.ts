// The plain TCP client transport: the raw socket the open loop always used.
import { connect } from 'node:net';
import type { ClientTransport } from './transport.js';

export const plainTransport: ClientTransport = {
  kind: 'plain',
  readyEvent: 'connect',
  connect: (target, onread) => connect({ host: target.host, port: target.port, noDelay: true, onread }),
  handshake: () => undefined,
  requestsPerConnection: undefined,
  warmPool: (wanted) => ({ open: wanted, keep: true }),
  primed: async () => undefined,
  reset: (socket) => socket.resetAndDestroy(),
};
