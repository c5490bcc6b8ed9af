// The connection-ladder phase's traffic (`loop: ladder`): its schema, its defaults per kind and its --quick form.
import { z } from 'zod';
import { durationMs, sizeBytes } from './fields.js';

export interface SettleRule {
  /** RSS is read this often while waiting. */
  intervalMs: number;
  /** Settled when the last `window` readings ... */
  window: number;
  /** ... spread by at most this percentage of their median: (max − min) / median × 100. */
  tolerancePct: number;
  /** Stop waiting after this long, settled or not (the step is then marked unsettled). */
  maxWaitMs: number;
}

export const defaultSettleRule: SettleRule = { intervalMs: 100, window: 5, tolerancePct: 0.5, maxWaitMs: 5000 };

export const settleSchema = z.strictObject({
  /** RSS is read this often after a step. */
  interval: durationMs.default(defaultSettleRule.intervalMs),
  /** Settled when the last `window` readings ... */
  window: z.number().int().min(2).max(100).default(defaultSettleRule.window),
  /** ... spread by at most this % of their median. */
  tolerancePct: z.number().gt(0).max(50).default(defaultSettleRule.tolerancePct),
  /** Give up waiting after this long (the step is kept, marked unsettled). */
  maxWait: durationMs.default(defaultSettleRule.maxWaitMs),
});

const defaultSettle = {
  interval: defaultSettleRule.intervalMs,
  window: defaultSettleRule.window,
  tolerancePct: defaultSettleRule.tolerancePct,
  maxWait: defaultSettleRule.maxWaitMs,
};

export const ladderKinds = ['idle', 'buffered', 'active'] as const;
export type LadderKind = (typeof ladderKinds)[number];

export const ladderTrafficSchema = z.strictObject({
  loop: z.literal('ladder'),
  /** idle: one small exchange, then idle; buffered: one 16 KiB request body + 16 KiB response, then idle; active: a request every `interval`. */
  kind: z.enum(ladderKinds),
  /** Connections held at each step, increasing (0 first gives the base RSS). */
  steps: z.array(z.number().int().min(0).max(100_000)).min(2),
  /** Request body of each connection's exchange: POST when above 0. Default 16KiB for buffered, else 0. */
  requestBody: sizeBytes.optional(),
  /** Response body the upstream sends back. Default 16KiB for buffered, else the scenario's upstream.responseBody. */
  responseBody: sizeBytes.optional(),
  /** kind active only: each held connection sends a request this often (default 1s). */
  interval: durationMs.optional(),
  settle: settleSchema.default(defaultSettle),
});

export type LadderTraffic = z.infer<typeof ladderTrafficSchema>;

export const bufferedBodyBytes = 16 * 1024;
export const defaultActiveIntervalMs = 1000;

export interface ResolvedLadder {
  kind: LadderKind;
  steps: number[];
  requestBodyBytes: number;
  responseBodyBytes: number;
  /** null unless kind is active. */
  activeIntervalMs: number | null;
  settle: { intervalMs: number; window: number; tolerancePct: number; maxWaitMs: number };
}

/** Pure: the ladder with every default filled in (some defaults depend on the kind and the scenario's upstream). */
export function resolveLadder(t: LadderTraffic, upstreamBodyBytes: number): ResolvedLadder {
  const buffered = t.kind === 'buffered';
  return {
    kind: t.kind,
    steps: [...t.steps],
    requestBodyBytes: t.requestBody ?? (buffered ? bufferedBodyBytes : 0),
    responseBodyBytes: t.responseBody ?? (buffered ? bufferedBodyBytes : upstreamBodyBytes),
    activeIntervalMs: t.kind === 'active' ? (t.interval ?? defaultActiveIntervalMs) : null,
    settle: { intervalMs: t.settle.interval, window: t.settle.window, tolerancePct: t.settle.tolerancePct, maxWaitMs: t.settle.maxWait },
  };
}

/** Pure: --quick keeps a ladder's shape at a tenth of its connections and waits at most 2 s per step. */
export function quickLadder(t: LadderTraffic): LadderTraffic {
  const steps = [...new Set(t.steps.map((s) => Math.round(s / 10)))];
  return { ...t, steps: steps.length >= 2 ? steps : t.steps, settle: { ...t.settle, maxWait: Math.min(t.settle.maxWait, 2000) } };
}
