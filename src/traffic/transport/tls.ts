// The TLS client transport: trusts only the run's CA, pins version and cipher, and resumes sessions only when asked.
import { connect, createSecureContext, type ConnectionOptions, type SecureContext, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { nodeProtocolName } from '../../tls/key-types.js';
import type { TlsTransportSpec } from '../types.js';
import type { ClientTransport, HandshakeInfo } from './transport.js';

/**
 * One cipher suite per version, offered alone, so every variant negotiates the same one (each library's own
 * preference would otherwise pick AES-256 here and AES-128 there). Both are mandatory-to-implement or universal.
 */
export const pinnedCiphers = { '1.3': 'TLS_AES_128_GCM_SHA256', '1.2': 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256' } as const;

/** Node's client options for the run's CA, the pinned version and cipher (shared by the probe and autocannon). */
export function tlsClientOptions(spec: Pick<TlsTransportSpec, 'caPem' | 'version'>) {
  const protocol = nodeProtocolName(spec.version);
  return { ca: spec.caPem, minVersion: protocol, maxVersion: protocol, ciphers: pinnedCiphers[spec.version] } as const;
}

export function createTlsTransport(spec: TlsTransportSpec): ClientTransport {
  // One secure context for every connection: without it Node builds (and parses the CA into) one per connect.
  const secureContext: SecureContext = createSecureContext(tlsClientOptions(spec));
  // `resumed`: the newest session any connection was handed (TLS 1.3 tickets arrive after the handshake).
  let session: Buffer | undefined;
  let onSession: (() => void) | undefined;
  return {
    kind: 'tls',
    readyEvent: 'secureConnect',
    requestsPerConnection: spec.mode === 'keepalive' ? undefined : spec.requestsPerConnection,
    connect: (target, onread) => {
      // `onread` is honoured by tls.connect (Node docs) though @types/node only declares it for net.
      const options: ConnectionOptions & { onread: typeof onread } = {
        host: target.host, port: target.port, secureContext, onread,
        // rejectUnauthorized stays true: a certificate the run's CA did not sign fails the connection.
        rejectUnauthorized: true,
        ...(spec.alpn ? { ALPNProtocols: spec.alpn } : {}),
        ...(spec.mode === 'resumed' && session !== undefined ? { session } : {}),
      };
      const socket = connect(options);
      socket.setNoDelay(true);
      if (spec.mode === 'resumed') {
        socket.on('session', (next: Buffer) => {
          session = next;
          onSession?.();
        });
      }
      return socket;
    },
    handshake: (socket: Socket): HandshakeInfo => {
      const tls = socket as TLSSocket;
      const base = { resumed: tls.isSessionReused(), protocol: tls.getProtocol() ?? 'unknown', cipher: tls.getCipher()?.standardName ?? 'unknown', authorized: tls.authorized };
      return spec.alpn ? { ...base, alpn: tls.alpnProtocol || 'none' } : base;
    },
    // keepalive: the usual warm pool. full: none (every measured connection pays its handshake). resumed: one
    // connection before t0 to obtain a session, then closed, so that the first measured connection can resume.
    reset: (socket) => socket.destroy(),
    // TLS 1.3 tickets arrive after the handshake: the priming connection stays open until one has.
    primed: (timeoutMs) => new Promise<void>((resolve) => {
      if (spec.mode !== 'resumed' || session !== undefined) return resolve();
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        onSession = undefined;
        resolve();
      }
      onSession = done;
    }),
    warmPool: (wanted) => (spec.mode === 'keepalive' ? { open: wanted, keep: true } : spec.mode === 'resumed' ? { open: 1, keep: false } : { open: 0, keep: false }),
  };
}
