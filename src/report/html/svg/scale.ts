// Pure: axis scales (linear, log, and HdrHistogram's "nines" percentile axis) with their tick marks.

export interface Tick {
  value: number;
  label: string;
}

export interface Scale {
  /** Domain value → pixel. */
  map: (value: number) => number;
  ticks: Tick[];
  domain: [number, number];
}

/** A round step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** Linear scale from `min` (usually 0) up to a round maximum above `max`; steps are round in multiples of `unit` (e.g. 1 MiB). */
export function linearScale(min: number, max: number, range: [number, number], format: (v: number) => string, count = 5, unit = 1): Scale {
  const step = niceStep((max > min ? max - min : Math.abs(max) || 1) / unit, count) * unit;
  const lo = Math.floor(min / step) * step;
  const hi = Math.max(lo + step, Math.ceil(max / step) * step);
  const ticks: Tick[] = [];
  for (let v = lo, i = 0; v <= hi + step / 1e6 && i < 50; v += step, i++) ticks.push({ value: v, label: format(Math.round(v / step) * step) });
  const map = (v: number) => range[0] + ((v - lo) / (hi - lo)) * (range[1] - range[0]);
  return { map, ticks, domain: [lo, hi] };
}

/** Log-10 scale over whole decades around [min, max]; ticks at 1-2-5 (or only powers of ten when crowded). */
export function logScale(min: number, max: number, range: [number, number], format: (v: number) => string): Scale {
  const lo = Math.floor(Math.log10(Math.max(min, 1e-9)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(max, min, 1e-9))));
  const multipliers = hi - lo > 4 ? [1] : [1, 2, 5];
  const ticks: Tick[] = [];
  for (let d = lo; d <= hi; d++) {
    for (const m of multipliers) {
      const v = m * 10 ** d;
      if (Math.log10(v) <= hi + 1e-9) ticks.push({ value: v, label: format(v) });
    }
  }
  const map = (v: number) => range[0] + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (range[1] - range[0]);
  return { map, ticks, domain: [10 ** lo, 10 ** hi] };
}

/** Nines of a percentile: 90% → 1, 99% → 2, 99.9% → 3 (x = log10(1 / (1 − p))). */
export function nines(percentile: number): number {
  return percentile >= 100 ? Number.POSITIVE_INFINITY : Math.log10(100 / (100 - percentile));
}

export function formatPercentile(n: number): string {
  if (n === 0) return '0%';
  const p = 100 - 100 / 10 ** n;
  return `${Number(p.toFixed(Math.max(0, Math.round(n) - 2)))}%`;
}

/** The HdrHistogram percentile axis: linear in nines, ticks at 0%, 50%, 90%, 99%, 99.9%… up to `maxNines`. */
export function ninesScale(maxNines: number, range: [number, number]): Scale {
  const hi = Math.max(1, Math.ceil(maxNines - 1e-9));
  const ticks: Tick[] = [{ value: 0, label: '0%' }, { value: Math.log10(2), label: '50%' }];
  for (let n = 1; n <= hi; n++) ticks.push({ value: n, label: formatPercentile(n) });
  const map = (v: number) => range[0] + (Math.min(v, hi) / hi) * (range[1] - range[0]);
  return { map, ticks, domain: [0, hi] };
}

/** Round byte steps in MiB (or KiB for small values) and labels like "20 MiB". */
export function byteUnit(maxBytes: number): { unit: number; format: (v: number) => string } {
  const unit = maxBytes >= 4 * 1024 ** 2 ? 1024 ** 2 : 1024;
  const name = unit === 1024 ? 'KiB' : 'MiB';
  return { unit, format: (v) => (v === 0 ? '0' : `${+(v / unit).toFixed(1)} ${name}`) };
}
