// The plain TCP server transport: the upstream's listener as it always was.
import net from 'node:net';
import type { ServerTransport } from './server-transport.js';

export const plainServerTransport: ServerTransport = {
  name: 'plain',
  createServer: (onConnection) => net.createServer({ allowHalfOpen: true, noDelay: true }, onConnection),
};
