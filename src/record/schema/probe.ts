// The run.json schema of a probe sweep's verdicts (src/record/probe.ts).
import { z } from 'zod';
import { tiers, verdicts } from '../../scenario/probes/probe-schema.js';
import type { ProbeEvidence, ProbeResultRecord } from '../probe.js';
import type { Assert, Same } from './fields.js';

const verdictSchema = z.enum([...verdicts, 'SKIPPED']);

const evidenceSchema = z.object({
  sent: z.string(),
  client: z.object({ statuses: z.array(z.number()), interim: z.array(z.number()), closed: z.enum(['fin', 'reset']).nullable(), timedOut: z.boolean(), bytes: z.string() }),
  upstream: z.object({ connections: z.number(), requests: z.array(z.string()), answers: z.array(z.string()), bytes: z.string(), pendingBytes: z.number() }),
  parsers: z.array(z.object({ connection: z.number(), readings: z.array(z.object({ dialect: z.string(), summary: z.string() })) })),
  victim: z.object({ statuses: z.array(z.number()), echo: z.string().nullable(), timedOut: z.boolean() }),
});

export const probeResultSchema = z.object({
  probe: z.string(),
  category: z.string(),
  tier: z.enum(tiers),
  title: z.string(),
  transport: z.enum(['plain', 'tls', 'h2c']).optional(),
  verdict: verdictSchema,
  pass: z.boolean().nullable(),
  reason: z.string(),
  attempts: z.array(verdictSchema),
  evidence: evidenceSchema.nullable(),
  durationMs: z.number(),
});

export type Checks = [Assert<Same<z.infer<typeof probeResultSchema>, ProbeResultRecord>>, Assert<Same<z.infer<typeof evidenceSchema>, ProbeEvidence>>];
