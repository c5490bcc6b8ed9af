// The TLS server transport (Node's bundled OpenSSL): the run's certificate, one pinned version, resumption on or off.
import { constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { ServerTransport } from './server-transport.js';

export interface TlsServerOptions {
  certFile: string;
  keyFile: string;
  /** '1.3' or '1.2': the listener accepts exactly this version. */
  version: '1.3' | '1.2';
  /**
   * true (default): stateless session tickets (Node's default; TLS 1.2 and 1.3). false: no tickets (SSL_OP_NO_TICKET)
   * and no session cache (Node keeps none unless asked), so no connection can resume — what a `resumed` phase must catch.
   */
  resumption: boolean;
}

export function tlsServerTransport(options: TlsServerOptions): ServerTransport {
  const protocol = options.version === '1.3' ? 'TLSv1.3' : 'TLSv1.2';
  const context = {
    cert: readFileSync(options.certFile),
    key: readFileSync(options.keyFile),
    minVersion: protocol,
    maxVersion: protocol,
    ...(options.resumption ? {} : { secureOptions: constants.SSL_OP_NO_TICKET }),
  } as const;
  return {
    name: 'tls',
    // 'secureConnection': the handshake is done. Node keeps no server session cache of its own (no 'resumeSession'
    // listener), so with SSL_OP_NO_TICKET the stateful TLS 1.3 tickets OpenSSL then sends can never be resumed.
    createServer: (onConnection) => tls.createServer({ ...context, allowHalfOpen: true, noDelay: true }, onConnection),
  };
}
