// Release-gate thresholds: from the command line, else the candidate scenario's `slo`, else the documented defaults.
import type { Scenario } from '../scenario/schema.js';
import type { ThresholdName, Thresholds } from './types.js';

/** Documented in README.md ("The release gate") and scenarios/README.md. */
export const defaultThresholdsPct: Record<ThresholdName, number> = {
  p99RegressionPct: 10,
  p999RegressionPct: 20,
  rpsDropPct: 5,
  cpuPer1kRegressionPct: 10,
  bytesPerConnRegressionPct: 5,
  cpuPerHandshakeRegressionPct: 10,
};

/** One-sided significance level of the noise test. */
export const defaultAlpha = 0.05;

export type ThresholdFlags = Partial<Record<ThresholdName, number>>;

export function resolveThresholds(flags: ThresholdFlags, slo: Partial<Scenario['slo']> | undefined): Thresholds {
  const names = Object.keys(defaultThresholdsPct) as ThresholdName[];
  return Object.fromEntries(
    names.map((name) => {
      const flag = flags[name];
      if (flag !== undefined) return [name, { pct: flag, source: 'flag' }];
      const fromScenario = slo?.[name];
      if (typeof fromScenario === 'number') return [name, { pct: fromScenario, source: 'scenario' }];
      return [name, { pct: defaultThresholdsPct[name], source: 'default' }];
    }),
  ) as Thresholds;
}
