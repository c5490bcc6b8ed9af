// Pure: percentile-distribution curves from encoded HDR histograms (hdr-histogram-js's percentile iterator).
import type * as hdr from 'hdr-histogram-js';
import { mergeEncoded, type LatencyHistogram } from '../../measure/histogram.js';
import type { RunRecord } from '../../record/run.js';
import { nines } from './svg/scale.js';

export interface CurvePoint {
  /** 0..100 */
  percentile: number;
  valueUs: number;
}

export interface PhaseCurve {
  variant: string;
  /** Valid repetitions merged into the curve. */
  repetitions: number;
  count: number;
  points: CurvePoint[];
  /** Why the variant has no curve (all repetitions invalid or failed). */
  problem: string | null;
}

/** Points of the percentile distribution (as HdrHistogram's outputPercentileDistribution lists them); bounded. */
export function percentileCurve(histogram: LatencyHistogram, ticksPerHalfDistance = 8): CurvePoint[] {
  if (histogram.totalCount === 0) return [];
  const js = histogram as unknown as hdr.JsHistogram;
  const iterator = js.percentileIterator;
  iterator.reset(ticksPerHalfDistance);
  const points: CurvePoint[] = [];
  for (let i = 0; i < 5000 && iterator.hasNext(); i++) {
    const v = iterator.next();
    points.push({ percentile: v.percentileLevelIteratedTo, valueUs: js.highestEquivalentValue(v.valueIteratedTo) });
  }
  return points;
}

/** x (nines) and y (µs) for plotting; the 100% point is drawn at the resolution of the sample, 1 − 1/count. */
export function curveToXY(points: readonly CurvePoint[], count: number): [number, number][] {
  const lastNines = Math.log10(Math.max(10, count));
  return points.map((p) => [Math.min(nines(p.percentile), lastNines), Math.max(1, p.valueUs)] as [number, number]);
}

/** One curve per variant for a measured phase: its valid repetitions' histograms merged exactly. */
export function phaseCurves(record: RunRecord, phaseName: string): PhaseCurve[] {
  const variants = record.variants.filter((v) => v.status === 'available').map((v) => v.name);
  return variants.flatMap((variant): PhaseCurve[] => {
    const cells = record.cells.filter((c) => c.variant === variant);
    if (cells.length === 0) return [];
    const phases = cells.map((c) => ({ cell: c, phase: c.phases.find((p) => p.name === phaseName && !p.warmup) }));
    const valid = phases.filter((p) => p.phase?.validity.valid);
    if (valid.length === 0) {
      const why = phases.map(({ cell, phase }) => (phase ? `invalid: ${phase.validity.reasons.join('; ')}` : `${cell.status}`));
      return [{ variant, repetitions: 0, count: 0, points: [], problem: [...new Set(why)].join('; ') }];
    }
    const merged = mergeEncoded(valid.map((p) => p.phase!.traffic.latencyUs));
    return [{ variant, repetitions: valid.length, count: merged.totalCount, points: percentileCurve(merged), problem: null }];
  });
}
