// What run.json keeps about an attack phase (phase.attack): the attack, its window, the proxy's peaks, the attacker's counts.
import type { AttackKind } from '../scenario/adversarial-schema.js';
import type { AttackerResult } from '../traffic/attacks/protocol.js';

export interface AttackPhaseRecord {
  kind: AttackKind;
  /** The clean phase the benign latency is compared with. */
  clean: string;
  /** The attack's parameters; `h2` and `frames` for the HTTP/2 kinds, `hold` and `dribbleBytes` for the TLS ones. */
  params: { connections: number; ratePerSec: number; intervalMs: number; depth: number; durationMs: number; h2?: 'tls' | 'h2c'; frames?: number; hold?: boolean; dribbleBytes?: number };
  /** When the attack ran, ms from the start of the benign traffic (its intervals' time base). */
  window: { startMs: number; endMs: number };
  /** Peaks sampled every second during the phase (null where they could not be read, e.g. not a local process). */
  proxyConnectionsPeak: number | null;
  /** Peak of handshakes in SYN_RECV on the proxy's port: held back by the kernel, not accepted (TCP_DEFER_ACCEPT). */
  proxyUnacceptedPeak?: number | null;
  proxyFdsPeak: number | null;
  attacker: AttackerResult | null;
  /**
   * Requests of the attack (target with `pb-attack=`) that reached the upstream during the phase: for the HTTP/2 attacks,
   * what the proxy forwarded to the origin for streams the client or the proxy had reset (null: not read; absent: older records).
   */
  upstreamAttackRequests?: number | null;
  /** Why the attacker reported nothing. */
  error: string | null;
}
