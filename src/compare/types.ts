// The release gate's plain data: thresholds, one verdict per check, and the overall result.

export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** Which way a figure gets worse. */
export type Worse = 'higher' | 'lower';

export type ThresholdName = 'p99RegressionPct' | 'p999RegressionPct' | 'rpsDropPct' | 'cpuPer1kRegressionPct' | 'bytesPerConnRegressionPct' | 'cpuPerHandshakeRegressionPct';

export interface Threshold {
  /** Allowed change in percent before a check can fail. */
  pct: number;
  /** Where the number came from. */
  source: 'flag' | 'scenario' | 'default';
}

export type Thresholds = Record<ThresholdName, Threshold>;

/** Which cells a check compares: variant × phase × traffic class (probe checks use the probe name as phase). */
export interface CheckKey {
  variant: string;
  phase: string;
  trafficClass: string;
}

export interface CheckResult extends CheckKey {
  /** e.g. `p99_us`, `p999_us`, `rps`, `proxy_cpu_s_per_1k_req`, `bytes_per_connection`, `probe_verdict`. */
  metric: string;
  unit: string;
  worse: Worse;
  verdict: Verdict;
  /** One sentence: why this verdict, with the figures. */
  message: string;
  /** Per-repetition values (empty for probe checks). */
  baselineValues: number[];
  candidateValues: number[];
  baselineMedian: number | null;
  candidateMedian: number | null;
  /** (candidate − baseline) / baseline × 100, signed as measured (null when not a number). */
  changePct: number | null;
  thresholdPct: number | null;
  /** One-sided Mann-Whitney p-value that the candidate is worse than baseline by more than the threshold. */
  pValue: number | null;
  /** Probe checks: the verdict names compared. */
  baselineLabel?: string;
  candidateLabel?: string;
  /** Missing in the candidate and passed only because of --allow-missing. */
  allowedMissing?: boolean;
}

export interface CompareResult {
  baseline: { runId: string; runDir: string; scenario: string; repetitions: number };
  candidate: { runId: string; runDir: string; scenario: string; repetitions: number };
  thresholds: Thresholds;
  /** One-sided significance level for the noise test. */
  alpha: number;
  checks: CheckResult[];
  /** Cells only one side has (no check possible): for the report. */
  unmatched: { side: 'baseline' | 'candidate'; key: CheckKey }[];
  /** Whether --allow-missing let what the candidate lacks pass (those checks carry `allowedMissing`). */
  allowMissing: boolean;
  verdict: Verdict;
}

/** Overall verdict: any fail fails; otherwise any inconclusive is inconclusive; no checks at all is inconclusive. */
export function overallVerdict(checks: readonly { verdict: Verdict }[]): Verdict {
  if (checks.length === 0) return 'inconclusive';
  if (checks.some((c) => c.verdict === 'fail')) return 'fail';
  if (checks.some((c) => c.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}
