// The run.json schema of a connection ladder (src/record/ladder.ts).
import { z } from 'zod';
import { ladderKinds } from '../../scenario/ladder-schema.js';
import type { LadderRecord, LadderStepRecord, LinearFit } from '../ladder.js';
import { counts, type Assert, type Same } from './fields.js';

const fitSchema = z.object({ bytesPerConn: z.number(), baseBytes: z.number(), r2: z.number(), points: z.number() });

const stepSchema = z.object({
  requested: z.number(),
  target: z.number(),
  capped: z.boolean(),
  opened: z.number(),
  failed: z.number(),
  held: z.number().nullable(),
  closeWait: z.number().nullable(),
  clientOpen: z.number(),
  rssBytes: z.number(),
  kernelBytes: z.number().nullable(),
  settled: z.boolean(),
  settleMs: z.number(),
  settleSamples: z.number(),
  settleSpreadPct: z.number(),
  clientRssBytes: z.number().nullable(),
  tMs: z.number(),
});

export const ladderRecordSchema = z.object({
  name: z.string(),
  tls: z.object({ version: z.string(), keyType: z.string() }).optional(),
  protocol: z.enum(['h2', 'h2c']).optional(),
  kind: z.enum(ladderKinds),
  status: z.enum(['ok', 'skipped', 'incomplete', 'failed']),
  note: z.string().nullable(),
  requestBodyBytes: z.number(),
  responseBodyBytes: z.number(),
  activeIntervalMs: z.number().nullable(),
  settle: z.object({ intervalMs: z.number(), window: z.number(), tolerancePct: z.number(), maxWaitMs: z.number() }),
  fdLimits: z.object({ client: z.number().nullable(), proxy: z.number().nullable() }),
  capConnections: z.number().nullable(),
  stepsNotRun: z.array(z.number()),
  steps: z.array(stepSchema),
  fit: fitSchema.nullable(),
  kernelFit: fitSchema.nullable().optional(),
  fitOn: z.enum(['held', 'opened']),
  closedByProxy: z.boolean(),
  upstreamRequests: z.number().nullable(),
  client: z.object({ responses: z.number(), non2xx: z.number(), errors: counts, closedByPeer: z.number() }),
  startMs: z.number(),
  endMs: z.number(),
});

export type Checks = [
  Assert<Same<z.infer<typeof ladderRecordSchema>, LadderRecord>>,
  Assert<Same<z.infer<typeof stepSchema>, LadderStepRecord>>,
  Assert<Same<z.infer<typeof fitSchema>, LinearFit>>,
];
