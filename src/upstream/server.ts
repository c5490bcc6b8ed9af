// In-process API of the upstream server: startUpstream() wires the raw connection layer, the benign handler and the delays.
import { UsageError } from '../shared/errors.js';
import { BenignConnection, releasePending, type BenignContext, type PendingResponse } from './benign-handler.js';
import { monotonicNowUs } from './clock.js';
import { listenRaw, type RawConnection } from './connection-layer.js';
import { DelayScheduler, defaultDelaySchedulerOptions } from './delay-scheduler.js';
import { createDelaySampler, type RandomSource } from './latency-sampler.js';
import { validateLatencySpec, type LatencySpec } from './latency-spec.js';
import { buildBenignResponses } from './responses.js';
import { UpstreamStatsRecorder, type UpstreamStats } from './upstream-stats.js';
import { startOracleServer } from './oracle-server.js';
import { tlsServerTransport, type TlsServerOptions } from './transport/tls.js';

export interface UpstreamOptions {
  /** Must be in 127.0.0.0/8. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Size of every benign response body. */
  bodyBytes: number;
  latency: LatencySpec;
  /** Listening on 0.0.0.0 is allowed: a container on a network proxybench created (docker runtime, bridge mode). */
  containerNetwork?: boolean;
  /** Random source for the delay samplers (default Math.random); pass seededRandom(n) for reproducible delays. */
  random?: RandomSource;
  /** Oracle mode (--oracle, src/upstream/oracle-*.ts): record every connection's bytes, frame leniently, answer by mode. */
  oracle?: boolean;
  /** A second listener over TLS on `tls.port` (0 picks one), serving the same responses: `direct`'s TLS reference row. */
  tls?: TlsServerOptions & { port: number };
  /** The run's token: answered on /__pb/health (`ok <identity>`) and in /__pb/stats, so the runner knows it reached its own upstream. */
  identity?: string;
}

export interface UpstreamHandle {
  host: string;
  port: number;
  /** The TLS listener's port, when options.tls asked for one. */
  tlsPort?: number;
  stats(): UpstreamStats;
  /** Stops listening, drops open connections and pending responses. */
  close(): Promise<void>;
}

/** Largest benign body: 64 MiB. */
export const maxBodyBytes = 64 * 1024 * 1024;

export function isLoopbackHost(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export async function startUpstream(options: UpstreamOptions): Promise<UpstreamHandle> {
  checkOptions(options);
  if (options.oracle) return startOracleServer(options);
  const latency = validateLatencySpec(options.latency);
  const sampleDelayUs = createDelaySampler(latency, options.random ?? Math.random, monotonicNowUs);
  const scheduler = sampleDelayUs === undefined
    ? undefined
    : new DelayScheduler<PendingResponse>(releasePending, defaultDelaySchedulerOptions);
  const context: BenignContext = {
    responses: buildBenignResponses(options.bodyBytes),
    stats: new UpstreamStatsRecorder(options.identity),
    sampleDelayUs,
    scheduler,
    clock: monotonicNowUs,
  };
  const createHandler = (connection: RawConnection) => new BenignConnection(connection, context);
  const listener = await listenRaw({ host: options.host, port: options.port, createHandler });
  const tlsListener = options.tls === undefined
    ? undefined
    : await listenRaw({ host: options.host, port: options.tls.port, createHandler, transport: tlsServerTransport(options.tls) }).catch(async (error: unknown) => {
      await listener.close();
      throw error;
    });
  return {
    host: listener.host,
    port: listener.port,
    ...(tlsListener === undefined ? {} : { tlsPort: tlsListener.port }),
    stats: () => context.stats.snapshot(),
    close: async () => {
      scheduler?.clear();
      await Promise.all([listener.close(), tlsListener?.close()]);
    },
  };
}

function checkOptions(options: UpstreamOptions): void {
  const problems: string[] = [];
  if (!isLoopbackHost(options.host) && !(options.containerNetwork && options.host === '0.0.0.0')) problems.push(`host ${options.host} is not in 127.0.0.0/8`);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) problems.push(`bad port ${options.port}`);
  if (!Number.isInteger(options.bodyBytes) || options.bodyBytes < 0 || options.bodyBytes > maxBodyBytes) {
    problems.push(`body size must be a whole number of bytes in [0, ${maxBodyBytes}], got ${options.bodyBytes}`);
  }
  if (problems.length > 0) throw new UsageError(`upstream: ${problems.join('; ')}`);
}
