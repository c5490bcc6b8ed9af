// Pure: how each check's figures read in reports (value with unit, change, threshold).
import { benignMetrics, bytesPerConnMetric } from './figures.js';
import type { CheckResult, Thresholds, ThresholdName } from './types.js';

const formats = new Map([...benignMetrics, bytesPerConnMetric].map((m) => [m.metric, m]));

export function formatValue(check: CheckResult, value: number | null, label?: string): string {
  if (label !== undefined) return label;
  if (value === null) return '–';
  const spec = formats.get(check.metric);
  return spec ? spec.format(value) : String(value);
}

/** Median and, with more than one repetition, [min–max]. */
export function formatSide(check: CheckResult, side: 'baseline' | 'candidate'): string {
  const [median, values, label] =
    side === 'baseline' ? [check.baselineMedian, check.baselineValues, check.baselineLabel] : [check.candidateMedian, check.candidateValues, check.candidateLabel];
  const main = formatValue(check, median, label);
  if (values.length < 2 || label !== undefined || Math.min(...values) === Math.max(...values)) return main;
  return `${main} [${formatValue(check, Math.min(...values))}–${formatValue(check, Math.max(...values))}]`;
}

export function formatChange(check: CheckResult): string {
  if (check.changePct === null) return '–';
  return `${check.changePct >= 0 ? '+' : '−'}${Math.abs(check.changePct).toFixed(1)}%`;
}

export function formatThreshold(check: CheckResult): string {
  if (check.metric === 'probe_verdict') return 'not worse';
  if (check.metric === 'cells_failed') return 'no more failures';
  if (check.metric === 'present_in_candidate') return 'present';
  if (check.thresholdPct === null) return '–';
  return `${check.worse === 'higher' ? '+' : '−'}${check.thresholdPct}%`;
}

export function checkLabel(check: CheckResult): string {
  return formats.get(check.metric)?.label ?? check.metric.replaceAll('_', ' ');
}

const thresholdLabels: Record<ThresholdName, string> = {
  p99RegressionPct: 'p99 +',
  p999RegressionPct: 'p99.9 +',
  rpsDropPct: 'rps −',
  cpuPer1kRegressionPct: 'CPU per 1k req +',
  bytesPerConnRegressionPct: 'bytes per connection +',
  cpuPerHandshakeRegressionPct: 'CPU per handshake +',
};

export function describeThresholds(thresholds: Thresholds): string {
  return (Object.keys(thresholdLabels) as ThresholdName[])
    .map((name) => `${thresholdLabels[name]}${thresholds[name].pct}% (${thresholds[name].source})`)
    .join(' · ');
}
