// Percentile curves from HDR histograms: ordered, ending at the maximum, plotted on the nines axis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLatencyHistogram } from '../../measure/histogram.js';
import { curveToXY, percentileCurve } from './percentiles.js';

test('a uniform 1..1000 µs histogram: rising curve from the minimum to the maximum through the median', () => {
  const h = createLatencyHistogram();
  for (let v = 1; v <= 1000; v++) h.recordValue(v);
  const points = percentileCurve(h);
  assert.ok(points.length > 20 && points.length < 500, `${points.length} points`);
  for (let i = 1; i < points.length; i++) {
    assert.ok(points[i]!.percentile >= points[i - 1]!.percentile);
    assert.ok(points[i]!.valueUs >= points[i - 1]!.valueUs);
  }
  assert.equal(points.at(-1)!.percentile, 100);
  assert.equal(points.at(-1)!.valueUs, 1000);
  const median = points.find((p) => p.percentile >= 50)!;
  assert.ok(Math.abs(median.valueUs - 500) <= 2, `median ${median.valueUs}`);
  const xy = curveToXY(points, h.totalCount);
  assert.equal(xy.at(-1)![0], 3, 'the 100% point sits at 1 − 1/count (three nines for 1000 values)');
});

test('an empty histogram has no curve', () => {
  assert.deepEqual(percentileCurve(createLatencyHistogram()), []);
});
