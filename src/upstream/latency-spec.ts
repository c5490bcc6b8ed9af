// The injected-latency specification (the --latency JSON): its types and validation.
import { z } from 'zod';
import { ConfigError } from '../shared/errors.js';

/** Largest delay that can be asked for or sampled: one minute. */
export const maxDelayUs = 60_000_000;

const delayUs = z.number().finite().min(0).max(maxDelayUs);

const latencySpecSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('none') }),
  z.strictObject({ distribution: z.literal('fixed'), us: delayUs }),
  z
    .strictObject({ distribution: z.literal('uniform'), minUs: delayUs, maxUs: delayUs })
    .refine((spec) => spec.minUs <= spec.maxUs, { message: 'minUs must not exceed maxUs' }),
  z.strictObject({ distribution: z.literal('exponential'), meanUs: delayUs.positive() }),
  z.strictObject({ distribution: z.literal('lognormal'), medianUs: delayUs.positive(), sigma: z.number().finite().min(0).max(10) }),
  /** A scripted capacity knee: `belowUs` while the upstream's arrival rate over the last `windowUs` is at most kneeRatePerSec, `aboveUs` past it. */
  z.strictObject({ distribution: z.literal('knee'), kneeRatePerSec: z.number().finite().positive().max(1_000_000), belowUs: delayUs, aboveUs: delayUs, windowUs: z.number().finite().min(100_000).max(60_000_000).default(1_000_000) }),
]);

export type LatencySpec = z.infer<typeof latencySpecSchema>;

export const noLatency: LatencySpec = { distribution: 'none' };

/** Validates a latency spec given as a value; throws ConfigError listing every problem. */
export function validateLatencySpec(value: unknown): LatencySpec {
  const result = latencySpecSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'latency'}: ${issue.message}`);
  throw new ConfigError(`invalid latency spec: ${problems.join('; ')}`, problems, {
    hint: 'e.g. {"distribution":"fixed","us":2000}; distributions: none, fixed, uniform, exponential, lognormal, knee',
  });
}

/** Parses and validates the --latency JSON text. */
export function parseLatencySpec(json: string): LatencySpec {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(`invalid latency spec: not JSON (${json})`, ['latency: not JSON'], {
      hint: 'quote it for the shell: --latency \'{"distribution":"fixed","us":2000}\'',
      cause: error,
    });
  }
  return validateLatencySpec(value);
}
