// Shared pieces of the run.json schema: encoded histograms, and the compile-time check that a schema is its TypeScript type.
import { z } from 'zod';
import { decodeHistogram, type EncodedHistogram } from '../../measure/histogram.js';

/**
 * True only when X and Y are the same type (every field, optional or not, at every depth). `Assert<Same<z.infer<…>, T>>`
 * beside each schema makes the build fail when a record type and its schema drift apart.
 */
export type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends (<T>() => T extends Y ? 1 : 2) ? true : false;

/** `type Checks = [Assert<Same<A, B>>, …]`: fails to compile ("'false' does not satisfy the constraint 'true'") when they differ. */
export type Assert<T extends true> = T;

/** Standard base64 (the HdrHistogram V2 compressed form is always padded to whole quads). */
const base64Text = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** An HdrHistogram in its compressed base64 form (V2 encoding), decoded once here so no renderer meets a broken one. */
export const encodedHistogram = z.custom<EncodedHistogram>().superRefine((value, ctx) => {
  if (typeof value !== 'string' || value.length === 0 || !base64Text.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'expected base64 text (a compressed HdrHistogram)', input: value });
    return;
  }
  try {
    decodeHistogram(value);
  } catch (cause) {
    ctx.addIssue({ code: 'custom', message: `expected a compressed HdrHistogram (${(cause as Error).message})`, input: value });
  }
});

/** A JSON object of counts by name (error kind, status, protocol …). */
export const counts = z.record(z.string(), z.number());
