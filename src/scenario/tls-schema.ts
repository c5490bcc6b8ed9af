// A phase's `tls` block: traffic over TLS, the handshake mode it declares (verified per connection), version and key.
import { z } from 'zod';
import { tlsKeyTypes, tlsModes, tlsVersions } from '../tls/key-types.js';

/** YAML reads `version: 1.3` as a number: accept it as the text it means. */
const tlsVersion = z.preprocess((raw) => (typeof raw === 'number' ? raw.toFixed(1) : raw), z.enum(tlsVersions));

export const phaseTlsSchema = z.strictObject({
  /**
   * keepalive: one handshake per connection, many requests; full: every connection a full handshake (no resumption);
   * resumed: every connection resumes the session of an earlier one (TLS 1.3 ticket, TLS 1.2 session id or ticket).
   */
  mode: z.enum(tlsModes),
  /** The protocol version the proxy's TLS listener is pinned to (min = max). */
  version: tlsVersion.default('1.3'),
  /** The key type of the run's certificate (one CA + server certificate per run, shared by every variant). */
  key: z.enum(tlsKeyTypes).default('rsa2048'),
  /** full / resumed (open loop): requests each new connection carries before the generator closes it. */
  requestsPerConnection: z.number().int().min(1).max(10_000).default(1),
});

export type PhaseTls = z.infer<typeof phaseTlsSchema>;

/**
 * The TLS listener a scenario's cells need (the rules keep one version and key per scenario), or undefined. An HTTP/2
 * attack over TLS needs one too: TLS 1.3 with the default key when no phase names its own.
 */
export function scenarioTls(phases: readonly { tls?: PhaseTls; attack?: { kind: string; h2: 'tls' | 'h2c' } }[]): Pick<PhaseTls, 'version' | 'key'> | undefined {
  const first = phases.find((p) => p.tls !== undefined)?.tls;
  if (first !== undefined) return { version: first.version, key: first.key };
  return phases.some((p) => p.attack?.kind.startsWith('h2-') && p.attack.h2 === 'tls') ? { version: '1.3', key: 'rsa2048' } : undefined;
}
