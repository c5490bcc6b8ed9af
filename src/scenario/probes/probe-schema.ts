// The schema of a probe data file (scenarios/probes/*.yaml): each probe's id, category, bytes, pauses, expectation and tier.
import { z } from 'zod';
import { durationMs } from '../fields.js';

export const verdicts = ['REJECT', 'REJECT-NOCLOSE', 'NORMALIZE', 'FORWARD-AMBIGUOUS', 'MISFRAME', 'HANG', 'DESYNC', 'CRASH'] as const;
export type Verdict = (typeof verdicts)[number];

/** http_desync_guardian's tiers: which verdicts are acceptable for a probe (see src/analyze/probes/tiers.ts). */
export const tiers = ['severe', 'ambiguous', 'acceptable'] as const;
export type Tier = (typeof tiers)[number];

/** How the oracle upstream answers while a probe runs (src/upstream/oracle-context.ts). */
export { oracleModes, type OracleMode } from '../../upstream/oracle-context.js';
import { oracleModes } from '../../upstream/oracle-context.js';

const partSchema = z.union([
  z.strictObject({ send: z.string().min(1) }),
  z.strictObject({ pause: durationMs }),
]);

/**
 * An HTTP/2 probe: one request on stream 1 of a fresh h2 connection (preface and SETTINGS first), its header fields
 * exactly as listed (pseudo-headers included, any order, any bytes; literal HPACK, no table), then the DATA (macros
 * expanded) with END_STREAM, or END_STREAM on the HEADERS when there is none. Over TLS a `:scheme` of http is sent as https.
 */
export const h2ProbeSchema = z.strictObject({
  headers: z.array(z.tuple([z.string(), z.string()])).min(1),
  data: z.string().optional(),
});

export const probeSchema = z.strictObject({
  /** Unique across all files; lower case, digits, dots and dashes. A leading number NN gives the {S} marker /SMUGNN. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected lower-case letters, digits, dots and dashes'),
  category: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case word like smuggling, parser, limits'),
  title: z.string().min(1),
  tier: z.enum(tiers),
  /** What a safe proxy does, in words (shown by `proxybench probes list`). */
  expect: z.string().min(1),
  refs: z.array(z.string()).default([]),
  /** The bytes, with YAML escapes (\r \n \t \0 \xNN) and macros ({P} {TE} {S} {SB} {NN} {rep:N:text}). */
  send: z.string().min(1).optional(),
  /** Instead of `send`: bytes and pauses in order. */
  parts: z.array(partSchema).min(1).optional(),
  /** Instead of `send`: an HTTP/2 request (requires h2; sent over the variant's h2c listener, else ALPN h2 on its TLS one). */
  h2: h2ProbeSchema.optional(),
  oracle: z.enum(oracleModes).default('default'),
  /** The body length RFC 9112 gives the first request, when it has one: a forwarded 2xx request of another length is MISFRAME. */
  bodyBytes: z.number().int().min(0).optional(),
  /** Field names the proxy must not forward (e.g. upgrade for an h2c upgrade): forwarding one is FORWARD-AMBIGUOUS. */
  forbidForwarded: z.array(z.string().regex(/^[a-z0-9-]+$/, 'expected a lower-case field name')).default([]),
  /** Byte strings (YAML escapes, no macros) that must not reach the upstream, e.g. chunk extensions a proxy should drop:
   * forwarding one is FORWARD-AMBIGUOUS. */
  forbidForwardedBytes: z.array(z.string().min(1)).default([]),
  /** Protocols a variant must speak for this probe (h2): skipped with that reason otherwise. */
  requires: z.array(z.enum(['h2'])).default([]),
  /** Overrides the tier's passing verdicts. */
  pass: z.array(z.enum(verdicts)).min(1).optional(),
  /** Two characters for the smuggle marker /SMUG<tag> (default: the id's leading two digits). */
  tag: z.string().regex(/^[A-Z0-9]{2}$/).optional(),
  /** How long to wait for the response after the last byte (default: the sweep's responseTimeout). */
  timeout: durationMs.optional(),
});

export const probeFileSchema = z.strictObject({
  probes: z.array(probeSchema).min(1),
});

export type ProbeSource = z.infer<typeof probeSchema>;

/** One step of a probe, ready to send. */
export type ProbeStep = { send: Buffer } | { pauseMs: number };

/** A probe as loaded: the source fields plus its expanded steps and where it came from. */
export interface Probe extends Omit<ProbeSource, 'send' | 'parts' | 'h2'> {
  /** The marker a smuggled request carries: /SMUG<tag>. */
  smuggleTarget: string;
  /** HTTP/1 probes: the bytes and pauses (empty for an HTTP/2 probe). */
  steps: ProbeStep[];
  /** HTTP/2 probes: the request's fields and DATA, macros expanded (latin1 strings). */
  h2?: { fields: Array<[string, string]>; data?: Buffer };
  file: string;
}
