// One raw connection whose bytes the caller reads itself (the probe exchange, the attacker): plain TCP, or TLS trusting only the run's CA.
import net from 'node:net';
import { connect as tlsConnect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import type { TargetAddress, TlsTransportSpec } from '../types.js';
import { tlsClientOptions } from './tls.js';

/** What a raw connection needs to speak TLS: the run's CA and the pinned version (no mode: each connection is a full handshake). */
export type StreamTls = Pick<TlsTransportSpec, 'caPem' | 'version'>;

export interface StreamConnector {
  readonly kind: 'plain' | 'tls';
  /** 'connect' for plain TCP, 'secureConnect' once the TLS handshake has verified the server. */
  readonly readyEvent: 'connect' | 'secureConnect';
  connect(target: TargetAddress): net.Socket;
}

/**
 * Plain TCP when `tls` is undefined; else TLS over one shared secure context, `rejectUnauthorized` always true: a
 * certificate the run's CA did not sign fails the handshake (an error on the socket before `secureConnect`), never
 * accepted. No session is offered: every connection pays a full handshake.
 */
export function streamConnector(tls: StreamTls | undefined): StreamConnector {
  if (tls === undefined) return { kind: 'plain', readyEvent: 'connect', connect: (target) => net.connect({ host: target.host, port: target.port, noDelay: true }) };
  const secureContext: SecureContext = createSecureContext(tlsClientOptions(tls));
  return {
    kind: 'tls',
    readyEvent: 'secureConnect',
    connect: (target) => {
      const socket: TLSSocket = tlsConnect({ host: target.host, port: target.port, secureContext, rejectUnauthorized: true });
      socket.setNoDelay(true);
      return socket;
    },
  };
}
