// The rate-search phase's traffic (`loop: search`): open-loop steps that look for the highest rate within an SLO.
import { z } from 'zod';
import { durationMs, ratePerSec } from './fields.js';

/** What a step must meet to count as within the SLO (latency from the intended send time). */
export const searchSloSchema = z.strictObject({
  p50: durationMs.optional(),
  p99: durationMs.optional(),
  p999: durationMs.optional(),
  /** (errors + non-2xx) / (responses + errors) × 100 may be at most this. */
  errorRatePct: z.number().min(0).max(100).default(0.1),
});

export const searchTrafficSchema = z.strictObject({
  loop: z.literal('search'),
  slo: searchSloSchema,
  /** The lowest rate tried, and the first step. */
  from: ratePerSec,
  /** The highest rate tried (the bracket's ceiling). */
  to: ratePerSec,
  /** Most connections the generator may open per step; beyond that, due requests queue (and count late). */
  connections: z.number().int().min(1).max(10_000).default(64),
  /** The first part of every step is not measured (the queue and the proxy settle); whole seconds. */
  settle: durationMs.default(1000),
  /** At most this many steps (each the phase's duration): the search's bound in steps and time. */
  maxSteps: z.number().int().min(2).max(40).default(10),
  /** Stop bisecting once the bracket is this narrow: (fail − pass) / pass × 100. */
  resolutionPct: z.number().min(0.5).max(50).default(5),
});

export type SearchTraffic = z.infer<typeof searchTrafficSchema>;
export type SearchSlo = z.infer<typeof searchSloSchema>;
