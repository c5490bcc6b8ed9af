// A phase's `tls` block: traffic over TLS, the handshake mode it declares (verified per connection), version and key.
import { z } from 'zod';
import { tlsKeyTypes, tlsModes, tlsVersions } from '../tls/key-types.js';
import { isH2Attack, isTlsAttack, type AttackKind } from './adversarial-schema.js';

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

/** What of a scenario asks for a TLS listener: its phases' `tls` and attacks, and the probe sweep's `tls`. */
export interface TlsWants {
  phases: readonly { tls?: PhaseTls; protocol?: string | undefined; attack?: { kind: AttackKind; h2: 'tls' | 'h2c' } }[];
  probes?: { tls: boolean } | undefined;
}

/** The listener a sweep or a TLS attack gets when no phase names one. */
export const defaultListenerTls: Pick<PhaseTls, 'version' | 'key'> = { version: '1.3', key: 'rsa2048' };

/**
 * The TLS listener a scenario's cells need (the rules keep one version and key per scenario), or undefined: the TLS
 * phases' version and key; else, for a sweep over TLS (`probes.tls`), a TLS attack or an HTTP/2 attack over TLS
 * (`attack.h2: tls`) or HTTP/2 traffic (`protocol: h2`), TLS 1.3 with RSA-2048.
 */
export function scenarioTls(s: TlsWants): Pick<PhaseTls, 'version' | 'key'> | undefined {
  const first = s.phases.find((p) => p.tls !== undefined)?.tls;
  if (first !== undefined) return { version: first.version, key: first.key };
  const wanted = s.probes?.tls === true || s.phases.some((p) => p.protocol === 'h2') || s.phases.some((p) => p.attack !== undefined && (isTlsAttack(p.attack.kind) || (isH2Attack(p.attack.kind) && p.attack.h2 === 'tls')));
  return wanted ? { ...defaultListenerTls } : undefined;
}
