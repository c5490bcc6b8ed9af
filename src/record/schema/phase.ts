// The run.json schema of a measured phase (src/record/phase.ts) and the attack beside it (src/record/attack.ts).
import { z } from 'zod';
import { attackKinds } from '../../scenario/adversarial-schema.js';
import type { AttackerResult, H2AttackerResult, TlsAttackCounts } from '../../traffic/attacks/protocol.js';
import type { AttackPhaseRecord } from '../attack.js';
import type { PhaseRecord, ResourceFigures, Saturation } from '../phase.js';
import { counts, type Assert, type Same } from './fields.js';
import { trafficResultSchema } from './traffic.js';

const resourceFiguresSchema = z.object({
  cpuCores: z.number(),
  cpuSeconds: z.number(),
  cpuSecondsPer1kRequests: z.number().nullable(),
  rssPeakBytes: z.number(),
  rssSteadyBytes: z.number(),
  threadsMax: z.number(),
  samples: z.number(),
});

const saturationSchema = z.object({
  atRatePerSec: z.number(),
  targetRatePerSec: z.number(),
  queuedAtEnd: z.number(),
  queuePeakRequests: z.number().nullable(),
  timeouts: z.number(),
  note: z.string(),
});

const h2AttackerResultSchema = z.object({
  framesSent: z.number(),
  framesAccepted: z.number(),
  streamsOpened: z.number(),
  streamsResetByClient: z.number(),
  streamsResetByProxy: z.number(),
  proxyResetCodes: counts,
  goaways: z.number(),
  goawayCodes: counts,
  firstGoawayMs: z.number().nullable(),
  medianGoawayMs: z.number().nullable(),
  firstGoawayCode: z.string().nullable(),
  responses: z.number(),
  maxConcurrentStreams: z.number().nullable(),
  firstError: z.string().nullable(),
  connectingAtEnd: z.number().int().min(0).optional(),
  droppedAfterGoaway: z.number().int().min(0).optional(),
});

const tlsAttackCountsSchema = z.object({
  handshakes: z.number(),
  resumed: z.number(),
  handshakeErrors: counts,
  handshakesInProgressAtEnd: z.number(),
  clientHelloBytes: z.number().nullable(),
  helloesCompleted: z.number(),
});

const attackerResultSchema = z.object({
  kind: z.enum(attackKinds),
  durationMs: z.number(),
  connectionsOpened: z.number(),
  connectionsFailed: z.number(),
  maxOpen: z.number(),
  closedByProxy: z.number(),
  firstCutMs: z.number().nullable(),
  medianCutMs: z.number().nullable(),
  statuses: counts,
  requestsSent: z.number(),
  bytesSent: z.number(),
  bytesReceived: z.number(),
  h2: h2AttackerResultSchema.optional(),
  tls: tlsAttackCountsSchema.optional(),
});

const attackSchema = z.object({
  kind: z.enum(attackKinds),
  clean: z.string(),
  params: z.object({
    connections: z.number(),
    ratePerSec: z.number(),
    intervalMs: z.number(),
    depth: z.number(),
    durationMs: z.number(),
    h2: z.enum(['tls', 'h2c']).optional(),
    frames: z.number().optional(),
    hold: z.boolean().optional(),
    dribbleBytes: z.number().optional(),
  }),
  window: z.object({ startMs: z.number(), endMs: z.number() }),
  proxyConnectionsPeak: z.number().nullable(),
  proxyUnacceptedPeak: z.number().nullable().optional(),
  proxyFdsPeak: z.number().nullable(),
  attacker: attackerResultSchema.nullable(),
  upstreamAttackRequests: z.number().nullable().optional(),
  error: z.string().nullable(),
});

const resources = resourceFiguresSchema.nullable();

const phaseFields = {
  name: z.string(),
  warmup: z.boolean(),
  trafficClass: z.string(),
  loop: z.enum(['closed', 'open']),
  connections: z.number(),
  targetRatePerSec: z.number().nullable(),
  durationMs: z.number(),
  startMs: z.number(),
  endMs: z.number(),
  traffic: trafficResultSchema,
  upstream: z.object({ requests: z.number(), connectionsOpened: z.number() }).nullable(),
  resources: z.object({ proxy: resources, upstream: resources, generator: resources }),
  validity: z.object({ valid: z.boolean(), reasons: z.array(z.string()), generatorSide: z.boolean().optional() }),
  attempt: z.number().optional(),
  proxyTree: z.object({ ended: z.array(z.number()), appeared: z.array(z.number()) }).optional(),
  saturation: saturationSchema.optional(),
  attack: attackSchema.optional(),
};

/** A phase; `retriedAttempts` holds its earlier attempts, each of the same shape. */
export const phaseRecordSchema: z.ZodType<PhaseRecord> = z.object({
  ...phaseFields,
  get retriedAttempts() {
    return z.array(phaseRecordSchema).optional();
  },
});

const phaseWithoutRetries = z.object(phaseFields);

/** A record type changed: change its schema above with it (a field added within a schema version is optional: older records lack it). */
export type Checks = [
  Assert<Same<z.infer<typeof phaseWithoutRetries>, Omit<PhaseRecord, 'retriedAttempts'>>>,
  Assert<Same<z.infer<typeof h2AttackerResultSchema>, H2AttackerResult>>,
  Assert<Same<z.infer<typeof tlsAttackCountsSchema>, TlsAttackCounts>>,
  Assert<Same<z.infer<typeof resourceFiguresSchema>, ResourceFigures>>,
  Assert<Same<z.infer<typeof saturationSchema>, Saturation>>,
  Assert<Same<z.infer<typeof attackSchema>, AttackPhaseRecord>>,
  Assert<Same<z.infer<typeof attackerResultSchema>, AttackerResult>>,
];
