// Pure: a spin loop's scheduling gaps (cyclictest-lite) and what they mean for the open loop's scheduler-lag rule.

export interface SpinGaps {
  /** How long the loop spun, ns. */
  windowNs: number;
  /** Every gap between two consecutive clock reads longer than the threshold, ns, in order (at most `maxGaps`). */
  gapsNs: number[];
  /** Gaps past `maxGaps`, counted but not kept. */
  droppedGaps: number;
  thresholdNs: number;
}

/**
 * Spins on `nowNs` for `durationNs`, keeping each gap between two reads longer than `thresholdNs`: time the process
 * was not running (preempted by another task, an interrupt, a throttled real-time budget). Bounded in iterations too,
 * so a clock that stands still ends it.
 */
export function spinGaps(nowNs: () => number, durationNs: number, thresholdNs: number, maxGaps = 10_000, maxIterations = 500_000_000): SpinGaps {
  const startNs = nowNs();
  const gapsNs: number[] = [];
  let droppedGaps = 0;
  let lastNs = startNs;
  for (let i = 0; i < maxIterations; i++) {
    const t = nowNs();
    const gap = t - lastNs;
    if (gap > thresholdNs) {
      if (gapsNs.length < maxGaps) gapsNs.push(gap);
      else droppedGaps += 1;
    }
    lastNs = t;
    if (t - startNs >= durationNs) break;
  }
  return { windowNs: lastNs - startNs, gapsNs, droppedGaps, thresholdNs };
}

export interface GapSummary {
  gaps: number;
  maxGapUs: number;
  /** Share of the window the spinner was not running (in gaps over the threshold). */
  stalledShare: number;
  /**
   * Share of an open loop's requests that would be noticed due more than `limitUs` late from these gaps alone: a
   * request due inside a gap of g is noticed at its end, so the first g − limit of each gap holds the late ones.
   */
  lateShare: number;
}

export function summarizeGaps(g: SpinGaps, limitUs: number): GapSummary {
  const limitNs = limitUs * 1000;
  const window = Math.max(1, g.windowNs);
  const stalled = g.gapsNs.reduce((sum, x) => sum + x, 0);
  const late = g.gapsNs.reduce((sum, x) => sum + Math.max(0, x - limitNs), 0);
  return {
    gaps: g.gapsNs.length + g.droppedGaps,
    maxGapUs: g.gapsNs.length === 0 ? 0 : Math.max(...g.gapsNs) / 1000,
    stalledShare: stalled / window,
    lateShare: late / window,
  };
}
