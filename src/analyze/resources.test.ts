// Unit tests of the resource figures derived over a phase window.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourceFigures } from './resources.js';

const point = (tMs: number, cpuSeconds: number, rssBytes: number) => ({ tMs, cpuSeconds, rssBytes, processes: 2, threads: 3 });

test('cores, CPU per 1k requests, peak and steady RSS', () => {
  const f = resourceFigures([point(0, 10, 100), point(1000, 10.5, 300), point(2000, 11, 200), point(3000, 11.5, 200), point(4000, 12, 210)], 40_000);
  assert.ok(f);
  assert.equal(f.cpuCores, 0.5);
  assert.equal(f.cpuSeconds, 2);
  assert.equal(f.cpuSecondsPer1kRequests, 0.05);
  assert.equal(f.rssPeakBytes, 300);
  assert.equal(f.rssSteadyBytes, 200);
  assert.equal(f.threadsMax, 3);
});

test('too few points or no requests', () => {
  assert.equal(resourceFigures([point(0, 1, 1)], 10), null);
  assert.equal(resourceFigures([point(0, 1, 1), point(100, 1, 1)], 0)?.cpuSecondsPer1kRequests, null);
});
