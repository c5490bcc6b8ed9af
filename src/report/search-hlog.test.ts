// A rate search's steps each get their .hlog (per-second histograms of the step, named by its order and rate), readable by HdrHistogram's reader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';
import { searchRecord, withSearches } from '../testing/search-records.js';
import { renderRunOutputs } from './write-outputs.js';

/** `seconds` per-second intervals of `perSecond` requests at `latencyUs` each. */
const intervals = (seconds: number, perSecond: number, latencyUs: number) =>
  Array.from({ length: seconds }, (_, i) => {
    const h = createLatencyHistogram();
    h.recordValueWithCount(latencyUs, perSecond);
    return { startMs: i * 1000, endMs: (i + 1) * 1000, latencyUs: encodeHistogram(h) };
  });

test('every search step has its own .hlog, in the order run, with its intervals', () => {
  const search = searchRecord([[1000, 500], [2000, 800], [4000, 30_000], [3000, 'invalid']]);
  search.steps.forEach((step, k) => (step.phase.traffic.intervals = intervals(3, step.ratePerSec, 100 * (k + 1))));
  const record = withSearches(fixtureRecord('s', cellsFor('nginx', [1000])), { nginx: [search] });
  const files = renderRunOutputs(record);
  const stepLogs = [...files.keys()].filter((f) => f.startsWith('hlog/nginx.capacity.')).sort();
  assert.deepEqual(stepLogs, [
    'hlog/nginx.capacity.step1-1000ps.benign.r1.hlog',
    'hlog/nginx.capacity.step2-2000ps.benign.r1.hlog',
    'hlog/nginx.capacity.step3-4000ps.benign.r1.hlog',
    'hlog/nginx.capacity.step4-3000ps.benign.r1.hlog',
  ]);
  search.steps.forEach((step, k) => {
    const text = files.get(`hlog/nginx.capacity.step${k + 1}-${step.ratePerSec}ps.benign.r1.hlog`)!;
    assert.match(text, new RegExp(`^#proxybench nginx\\.capacity\\.step${k + 1}-${step.ratePerSec}ps\\.benign\\.r1: values in microseconds`));
    const reader = new hdr.HistogramLogReader(text);
    const read: hdr.Histogram[] = [];
    for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) read.push(h);
    assert.equal(read.length, 3, 'one histogram per second of the step (the invalid step too: its figures are kept)');
    for (const h of read) {
      assert.equal(h.totalCount, step.ratePerSec);
      assert.equal(h.maxValue, 100 * (k + 1));
    }
  });
  assert.ok(files.has('hlog/nginx.closed.benign.r1.hlog'), 'the ordinary phases keep theirs');
});
