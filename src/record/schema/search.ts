// The run.json schema of a rate search (src/record/search.ts): every step with its phase, and the result.
import { z } from 'zod';
import type { SearchRecord, SearchResult, SearchStepRecord, StepFigures } from '../search.js';
import type { Assert, Same } from './fields.js';
import { phaseRecordSchema } from './phase.js';
import { searchSloSchema } from './scenario.js';

const figuresSchema = z.object({ p50Us: z.number(), p99Us: z.number(), p999Us: z.number(), errorRatePct: z.number(), saturated: z.boolean() });

const stepSchema = z.object({
  ratePerSec: z.number(),
  phase: phaseRecordSchema,
  figures: figuresSchema.nullable(),
  outcome: z.enum(['within', 'beyond', 'invalid']),
  cause: z.enum(['latency', 'errors', 'saturated']).nullable(),
  reason: z.string(),
});

const resultSchema = z.object({
  status: z.enum(['found', 'generator-bound', 'ceiling', 'never-met', 'steps-exhausted']),
  rateAtSloPerSec: z.number().nullable(),
  beyondPerSec: z.number().nullable(),
  boundedBy: z.enum(['slo', 'errors', 'generator', 'ceiling', 'steps']),
  resolved: z.boolean(),
  text: z.string(),
});

export const searchRecordSchema = z.object({
  name: z.string(),
  slo: searchSloSchema,
  fromPerSec: z.number(),
  toPerSec: z.number(),
  connections: z.number(),
  settleMs: z.number(),
  stepDurationMs: z.number(),
  maxSteps: z.number(),
  resolutionPct: z.number(),
  steps: z.array(stepSchema),
  result: resultSchema,
  startMs: z.number(),
  endMs: z.number(),
});

export type Checks = [
  Assert<Same<z.infer<typeof searchRecordSchema>, SearchRecord>>,
  Assert<Same<z.infer<typeof stepSchema>, SearchStepRecord>>,
  Assert<Same<z.infer<typeof figuresSchema>, StepFigures>>,
  Assert<Same<z.infer<typeof resultSchema>, SearchResult>>,
];
