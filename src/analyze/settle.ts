// Pure: the settle rule of the connection ladder — when has RSS stopped moving after a step, and what is its level.
import type { SettleRule } from '../scenario/ladder-schema.js';

export interface SettleVerdict {
  /** Stop sampling: settled, or the maximum wait has passed. */
  done: boolean;
  settled: boolean;
  /** The step's RSS: the median of the last `window` readings (of all of them when there are fewer). */
  rssBytes: number;
  /** Spread of those readings, % of their median. */
  spreadPct: number;
}

/** Judges the RSS readings taken since a step's connections were open (oldest first), `elapsedMs` after the first. */
export function judgeSettle(rssSamples: readonly number[], elapsedMs: number, rule: SettleRule): SettleVerdict {
  const last = rssSamples.slice(-rule.window);
  if (last.length === 0) return { done: elapsedMs >= rule.maxWaitMs, settled: false, rssBytes: 0, spreadPct: 0 };
  const sorted = [...last].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const spreadPct = median > 0 ? ((sorted[sorted.length - 1]! - sorted[0]!) / median) * 100 : 0;
  const settled = last.length >= rule.window && spreadPct <= rule.tolerancePct;
  return { done: settled || elapsedMs >= rule.maxWaitMs, settled, rssBytes: median, spreadPct };
}
