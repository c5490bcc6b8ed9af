// Test support: the upstream with a TLS listener on the run's own kind of certificate, and TLS traffic specs for it.
import { tempDir } from '../../testing/cli.js';
import { generateTlsMaterial, type TlsMaterial } from '../../tls/certificates.js';
import { startUpstream } from '../../upstream/server.js';
import type { OpenLoopSpec, TlsTransportSpec } from '../types.js';

/** Runs `body` against an in-process upstream's TLS listener (ECDSA P-256, TLS 1.3), session resumption on or off. */
export async function withTlsUpstream<T>(resumption: boolean, body: (port: number, material: TlsMaterial) => Promise<T>): Promise<T> {
  const material = await generateTlsMaterial(tempDir('tls-transport'), 'ecdsa-p256', new Date());
  const upstream = await startUpstream({
    host: '127.0.0.1', port: 0, bodyBytes: 64, latency: { distribution: 'none' },
    tls: { port: 0, certFile: material.certFile, keyFile: material.keyFile, version: '1.3', resumption },
  });
  try {
    return await body(upstream.tlsPort!, material);
  } finally {
    await upstream.close();
  }
}

export function openTlsSpec(port: number, transport: TlsTransportSpec): OpenLoopSpec {
  return { kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec: 60, maxConnections: 8, durationMs: 400, timeoutMs: 2000, transport };
}

export const tlsSpec = (material: TlsMaterial, mode: TlsTransportSpec['mode'], requestsPerConnection = 1): TlsTransportSpec => ({
  kind: 'tls', mode, version: '1.3', caPem: material.caPem, keyType: material.keyType, requestsPerConnection,
});
