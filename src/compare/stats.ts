// Pure statistics for the release gate: medians and a one-sided Mann-Whitney U test over per-repetition values.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Mann-Whitney U of `x` against `y`: pairs where x > y count 1, ties ½. */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): number {
  let u = 0;
  for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
  return u;
}

/** Enumerating every split is exact and cheap up to here (C(20,10) = 184,756); beyond it, the normal approximation. */
const maxExactSplits = 200_000;

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Calls `visit` with every way of choosing `k` of the indices 0..n-1 (bounded by maxExactSplits by the caller). */
function forEachCombination(n: number, k: number, visit: (chosen: readonly number[]) => void): void {
  const chosen: number[] = [];
  const walk = (start: number) => {
    if (chosen.length === k) return visit(chosen);
    for (let i = start; i <= n - (k - chosen.length); i++) {
      chosen.push(i);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
}

/** Exact permutation p-value of U (ties handled by the permutation itself): P(U* ≥ U observed). */
function exactGreaterP(x: readonly number[], y: readonly number[]): number {
  const pooled = [...x, ...y];
  const observed = mannWhitneyU(x, y);
  let atLeast = 0;
  let total = 0;
  forEachCombination(pooled.length, x.length, (chosen) => {
    const inX = new Set(chosen);
    const xs = chosen.map((i) => pooled[i]!);
    const ys = pooled.filter((_, i) => !inX.has(i));
    total += 1;
    if (mannWhitneyU(xs, ys) >= observed - 1e-9) atLeast += 1;
  });
  return atLeast / total;
}

/** Standard normal upper tail, via the complementary error function (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalUpperTail(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Normal approximation with tie correction and continuity correction, for large samples. */
function approximateGreaterP(x: readonly number[], y: readonly number[]): number {
  const [n1, n2] = [x.length, y.length];
  const n = n1 + n2;
  const counts = new Map<number, number>();
  for (const v of [...x, ...y]) counts.set(v, (counts.get(v) ?? 0) + 1);
  const tieTerm = [...counts.values()].reduce((sum, t) => sum + (t ** 3 - t), 0);
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return 1;
  const z = (mannWhitneyU(x, y) - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance);
  return normalUpperTail(z);
}

/**
 * One-sided p-value that values of `x` tend to be larger than values of `y` (Mann-Whitney U / Wilcoxon rank-sum).
 * Exact (every split of the pooled values) for small samples, as with repetitions; 1 when either side is empty.
 * With 3 values a side the smallest possible p is 1/20 = 0.05: only a complete separation counts.
 */
export function mannWhitneyGreaterP(x: readonly number[], y: readonly number[]): number {
  if (x.length === 0 || y.length === 0) return 1;
  if (binomial(x.length + y.length, x.length) <= maxExactSplits) return exactGreaterP(x, y);
  return approximateGreaterP(x, y);
}
