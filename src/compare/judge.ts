// Pure: the verdict on one figure over repetitions — a change beyond the threshold and beyond the noise fails.
import { mannWhitneyGreaterP, median } from './stats.js';
import type { Verdict, Worse } from './types.js';

/** With fewer repetitions a side, no change can be told from noise. */
export const minRepetitions = 3;

export interface FigureInput {
  /** Per-repetition values of the valid phases. */
  baseline: readonly number[];
  candidate: readonly number[];
  worse: Worse;
  thresholdPct: number;
  alpha: number;
  /** e.g. `p99` — used in messages. */
  label: string;
  format: (value: number) => string;
}

export interface Judgement {
  verdict: Verdict;
  message: string;
  baselineMedian: number | null;
  candidateMedian: number | null;
  changePct: number | null;
  pValue: number | null;
}

function changePct(base: number, cand: number): number {
  if (base === 0) return cand === 0 ? 0 : cand > 0 ? Infinity : -Infinity;
  return ((cand - base) / base) * 100;
}

/** The same per-repetition values in any order (a run compared with itself, or a deterministic figure). */
function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return [...a, ...b].every((v) => v === a[0]);
  const [x, y] = [[...a].sort((p, q) => p - q), [...b].sort((p, q) => p - q)];
  return x.every((v, i) => v === y[i]);
}

const signed = (pct: number) => (Number.isFinite(pct) ? `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%` : 'from 0');

/**
 * One-sided test that the candidate is worse than the baseline moved by the threshold
 * (higher: candidate > baseline × (1 + t); lower: candidate < baseline × (1 − t)).
 */
function thresholdP(input: FigureInput): number {
  const t = input.thresholdPct / 100;
  if (input.worse === 'higher') return mannWhitneyGreaterP(input.candidate, input.baseline.map((v) => v * (1 + t)));
  return mannWhitneyGreaterP(input.baseline.map((v) => v * (1 - t)), input.candidate);
}

/**
 * pass: identical values (same multiset, or one constant), or the median moved by no more than the threshold (with ≥ 3 repetitions a side).
 * fail: the median moved beyond the threshold and the rank test says the move beyond the threshold is not noise.
 * inconclusive: fewer than 3 repetitions a side, or beyond the threshold but within the noise.
 */
export function judgeFigure(input: FigureInput): Judgement {
  const { baseline, candidate, label, format } = input;
  if (baseline.length === 0 || candidate.length === 0) {
    const side = baseline.length === 0 && candidate.length === 0 ? 'either run' : baseline.length === 0 ? 'the baseline' : 'the candidate';
    return { verdict: 'inconclusive', message: `${label}: no valid repetition in ${side}`, baselineMedian: null, candidateMedian: null, changePct: null, pValue: null };
  }
  const [base, cand] = [median(baseline), median(candidate)];
  const change = changePct(base, cand);
  const worsePct = input.worse === 'higher' ? change : -change;
  const pValue = thresholdP(input);
  const figures = `${format(base)} → ${format(cand)} (${signed(change)})`;
  const limit = `${input.worse === 'higher' ? '+' : '−'}${input.thresholdPct}%`;
  const result = (verdict: Verdict, message: string): Judgement => ({
    verdict,
    message,
    baselineMedian: base,
    candidateMedian: cand,
    changePct: Number.isFinite(change) ? change : null,
    pValue,
  });
  const n = `n = ${baseline.length}/${candidate.length}`;
  if (sameValues(baseline, candidate)) return result('pass', `${label}: identical values (median ${format(base)})`);
  if (Math.min(baseline.length, candidate.length) < minRepetitions) {
    return result('inconclusive', `${label}: ${figures}; ${n} repetitions cannot tell a change from noise (run both with --repeat ${minRepetitions} or more)`);
  }
  if (worsePct <= input.thresholdPct) return result('pass', `${label}: ${figures}, within ${limit}`);
  if (pValue <= input.alpha) {
    return result('fail', `${label} regressed: ${figures}, threshold ${limit}; beyond the noise of the repetitions (p = ${pValue.toFixed(3)}, ${n})`);
  }
  return result('inconclusive', `${label}: ${figures} is beyond ${limit} but within the noise of the repetitions (p = ${pValue.toFixed(3)}, ${n}); rerun with more --repeat`);
}
