// Pure: whether a verdict passes for a probe — from its tier (http_desync_guardian's Severe / Ambiguous / Acceptable) or its own list.
import type { Tier, Verdict } from '../../scenario/probes/probe-schema.js';

/**
 * severe: only REJECT (400-class and close) passes.
 * ambiguous: REJECT, or NORMALIZE when the proxy closed the client connection after its response (RFC 9112 §6.1:
 *   a request with both Content-Length and Transfer-Encoding MUST be followed by a close).
 * acceptable: anything but MISFRAME, HANG, DESYNC and CRASH.
 * Whatever the tier or the probe's own list: a verdict resting on a broken intermediary duty (`breach`: the proxy forwarded
 * what RFC 9110/9112 require it to fix first) never passes.
 */
export function passes(verdict: Verdict, tier: Tier, override: readonly Verdict[] | undefined, closedAfterFirst: boolean, breach = false): boolean {
  if (breach) return false;
  if (override !== undefined) return override.includes(verdict);
  if (tier === 'severe') return verdict === 'REJECT';
  if (tier === 'ambiguous') return verdict === 'REJECT' || (verdict === 'NORMALIZE' && closedAfterFirst);
  return verdict === 'REJECT' || verdict === 'REJECT-NOCLOSE' || verdict === 'NORMALIZE' || verdict === 'FORWARD-AMBIGUOUS';
}

/** Verdicts that are repeated to confirm them (anything but a clean REJECT or NORMALIZE). */
export function isPositive(verdict: Verdict): boolean {
  return verdict !== 'REJECT' && verdict !== 'NORMALIZE';
}

/** Severity, higher is worse (the same order as the compare gate's). */
export const verdictRank: Record<Verdict, number> = {
  REJECT: 0, NORMALIZE: 0, 'REJECT-NOCLOSE': 1, 'FORWARD-AMBIGUOUS': 2, HANG: 3, MISFRAME: 4, DESYNC: 5, CRASH: 6,
};

/** The verdict of repeated attempts: the most frequent; a tie goes to the more severe. */
export function settleVerdict(attempts: readonly Verdict[]): Verdict {
  const counts = new Map<Verdict, number>();
  for (const v of attempts) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || verdictRank[b[0]] - verdictRank[a[0]])[0]![0];
}
