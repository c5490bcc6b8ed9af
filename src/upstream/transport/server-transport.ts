// How the upstream accepts connections: one interface over plain TCP and TLS (adding a protocol is one more file here).
import type net from 'node:net';

/** A listening server whose connection callback gets a socket ready for application bytes (after any handshake). */
export interface ServerTransport {
  /** `plain` or `tls`: named in errors and the upstream's listening line. */
  name: string;
  createServer(onConnection: (socket: net.Socket) => void): net.Server;
}
