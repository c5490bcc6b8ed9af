// Picks a phase's client transport from its spec: one line per protocol (HTTP/2 would be one more folder and line).
import type { TransportSpec } from '../types.js';
import { plainTransport } from './plain.js';
import { createTlsTransport } from './tls.js';
import type { ClientTransport } from './transport.js';

/** The transport a phase's spec names (plain when it names none). */
export function createClientTransport(spec: TransportSpec | undefined): ClientTransport {
  return spec === undefined || spec.kind === 'plain' ? plainTransport : createTlsTransport(spec);
}
