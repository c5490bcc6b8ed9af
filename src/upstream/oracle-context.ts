// What every connection of an oracle upstream shares: the byte log, the counters, the live connections, the answer mode.
import type { OracleLog } from './oracle-log.js';
import type { UpstreamStatsRecorder } from './upstream-stats.js';

/**
 * How the oracle answers: `default` answers every request it frames (200, never 101, so an Upgrade is never tunnelled);
 * `early-response` answers 401 as soon as a head with a body is complete, before the body; `body-timeout` answers 408
 * when a body stalls for bodyTimeoutMs and keeps the connection open, reading what follows as a new request.
 */
export const oracleModes = ['default', 'early-response', 'body-timeout'] as const;
export type OracleMode = (typeof oracleModes)[number];

/** A live connection as the control endpoints see it (implemented by OracleConnection). */
export interface LiveConnection {
  /** Its first request was an oracle control call: the prober's own connection, never dropped by a reset. */
  readonly control: boolean;
  drop(): void;
}

export interface OracleContext {
  log: OracleLog;
  stats: UpstreamStatsRecorder;
  live: Set<LiveConnection>;
  /** Set by POST /__pb/oracle/mark; back to default on reset. */
  mode: { name: OracleMode; bodyTimeoutMs: number };
}

/** body-timeout mode's default wait for a stalled body. */
export const defaultBodyTimeoutMs = 1000;
