// The run.json schema of what a load generator returned for a phase (src/traffic/types.ts: TrafficResult).
import { z } from 'zod';
import { tlsModes, tlsVersions } from '../../tls/key-types.js';
import type { Http2TrafficStats, IntervalHistogram, TlsConnectionStats, TrafficResult, WorkerShare } from '../../traffic/types.js';
import { counts, encodedHistogram, type Assert, type Same } from './fields.js';

const intervalSchema = z.object({ startMs: z.number(), endMs: z.number(), latencyUs: encodedHistogram });

const workerShareSchema = z.object({ index: z.number(), count: z.number() });

const tlsStatsSchema = z.object({
  mode: z.enum(tlsModes),
  version: z.enum(tlsVersions),
  requestsPerConnection: z.number().nullable(),
  handshakes: z.number(),
  resumed: z.number(),
  unauthorized: z.number(),
  protocols: counts,
  ciphers: counts,
  alpn: counts.optional(),
  handshakeUs: encodedHistogram.optional(),
});

const http2StatsSchema = z.object({
  protocol: z.enum(['h2', 'h2c']),
  streamsPerConnection: z.number(),
  negotiated: counts,
  serverMaxStreams: z.number().nullable(),
  streamSlotWaits: z.number(),
  resets: counts,
  goaways: counts,
});

const trafficFields = {
  kind: z.enum(['closed', 'open']),
  startedAtMs: z.number(),
  endedAtMs: z.number(),
  requests: z.number(),
  non2xx: z.number(),
  errors: counts,
  statusCounts: counts,
  latencyUs: encodedHistogram,
  uncorrectedLatencyUs: encodedHistogram.optional(),
  intervals: z.array(intervalSchema),
  targetRatePerSec: z.number().optional(),
  achievedRatePerSec: z.number(),
  sendLagUs: encodedHistogram.optional(),
  schedulerLagUs: encodedHistogram.optional(),
  unsent: z.number().optional(),
  queuePeakRequests: z.number().optional(),
  generatorBusyFraction: z.number().optional(),
  bytesRead: z.number(),
  bytesWritten: z.number(),
  tls: tlsStatsSchema.optional(),
  http2: http2StatsSchema.optional(),
  unavailable: z.string().optional(),
  share: workerShareSchema.optional(),
  startLateMs: z.number().optional(),
};

/** Several workers' phase: `workers` holds each one's own result, of the same shape. */
export const trafficResultSchema: z.ZodType<TrafficResult> = z.object({
  ...trafficFields,
  get workers() {
    return z.array(trafficResultSchema).optional();
  },
});

const worker = z.object(trafficFields);
/** A record type changed: change its schema above with it (a field added within a schema version is optional: older records lack it). */
export type Checks = [
  Assert<Same<z.infer<typeof worker>, Omit<TrafficResult, 'workers'>>>,
  Assert<Same<z.infer<typeof intervalSchema>, IntervalHistogram>>,
  Assert<Same<z.infer<typeof workerShareSchema>, WorkerShare>>,
  Assert<Same<z.infer<typeof tlsStatsSchema>, TlsConnectionStats>>,
  Assert<Same<z.infer<typeof http2StatsSchema>, Http2TrafficStats>>,
];
