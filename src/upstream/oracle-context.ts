// What every connection of an oracle upstream shares: the byte log, the counters, the live connections, the answer mode.
import type { OracleMode } from '../adversarial/catalogue/probe-schema.js';
import type { OracleConnection } from './oracle-connection.js';
import type { OracleLog } from './oracle-log.js';
import type { UpstreamStatsRecorder } from './upstream-stats.js';

export interface OracleContext {
  log: OracleLog;
  stats: UpstreamStatsRecorder;
  live: Set<OracleConnection>;
  /** Set by POST /__pb/oracle/mark; back to default on reset. */
  mode: { name: OracleMode; bodyTimeoutMs: number };
}

/** body-timeout mode's default wait for a stalled body. */
export const defaultBodyTimeoutMs = 1000;
