// Closed loop over TLS: autocannon's TLS options, and each of its connections' handshake checked by us.
import type { TLSSocket } from 'node:tls';
import type { TransportSpec } from '../types.js';
import type { HandshakeRecorder } from './handshake-recorder.js';
import { tlsClientOptions } from './tls.js';

/*
 * autocannon 9 (lib/httpClient.js) calls `tls.connect(port, host, { ...tlsOptions, rejectUnauthorized: false })`:
 * it never verifies the certificate, and the option cannot be overridden. We pass the run's CA, so Node still checks
 * the chain and sets `socket.authorized`; every connection is then counted by us on its first response, and one that
 * did not verify counts as `unauthorized`, which makes the phase invalid (analyze/validity.ts). Nothing is accepted
 * silently.
 */
export function autocannonTls(spec: TransportSpec | undefined, handshakes: HandshakeRecorder) {
  if (spec === undefined || spec.kind !== 'tls') return undefined;
  const seen = new WeakSet<object>();
  return {
    tlsOptions: { ...tlsClientOptions(spec) },
    /** autocannon's Client keeps its socket in `conn` (replaced on reconnect): each new one is counted once. */
    onResponse(client: unknown): void {
      const socket = (client as { conn?: TLSSocket }).conn;
      if (socket === undefined || seen.has(socket)) return;
      seen.add(socket);
      handshakes.record({ resumed: socket.isSessionReused(), protocol: socket.getProtocol() ?? 'unknown', cipher: socket.getCipher()?.standardName ?? 'unknown', authorized: socket.authorized });
    },
  };
}
