// vegeta's JSON report read into the bench's figures (its latencies are in nanoseconds).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVegetaReport } from './vegeta.js';

test('latencies in ns become µs; requests, success and throughput are kept', () => {
  const json = JSON.stringify({ requests: 3000, success: 0.999, throughput: 998.7, latencies: { total: 1, mean: 1, '50th': 412_000, '90th': 1, '95th': 1, '99th': 2_350_500, max: 9_000_000, min: 1 } });
  assert.deepEqual(parseVegetaReport(json), { requests: 3000, successRatio: 0.999, throughputPerSec: 998.7, p50Us: 412, p99Us: 2350.5, maxUs: 9000 });
});
