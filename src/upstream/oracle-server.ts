// Starts the upstream in oracle mode (--oracle): every connection recorded byte for byte and framed by the oracle's dialect.
import { listenRaw } from './connection-layer.js';
import { OracleConnection } from './oracle-connection.js';
import { defaultBodyTimeoutMs, type OracleContext } from './oracle-context.js';
import { OracleLog } from './oracle-log.js';
import { UpstreamStatsRecorder } from './upstream-stats.js';

export interface OracleHandle {
  host: string;
  port: number;
  stats(): ReturnType<UpstreamStatsRecorder['snapshot']>;
  close(): Promise<void>;
}

export async function startOracleServer(options: { host: string; port: number; identity?: string }): Promise<OracleHandle> {
  const context: OracleContext = {
    log: new OracleLog(),
    stats: new UpstreamStatsRecorder(options.identity),
    live: new Set(),
    mode: { name: 'default', bodyTimeoutMs: defaultBodyTimeoutMs },
  };
  const listener = await listenRaw({ host: options.host, port: options.port, createHandler: (connection) => new OracleConnection(connection, context) });
  return { host: listener.host, port: listener.port, stats: () => context.stats.snapshot(), close: () => listener.close() };
}
