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

test('cores over the window the traffic ran in; CPU seconds over the whole phase window', () => {
  // 1 s of start-up at 0.1 cores, 2 s of traffic at 0.5 cores, 1 s of drain at 0.
  const points = [point(0, 10, 1), point(1000, 10.1, 1), point(2000, 10.6, 1), point(3000, 11.1, 1), point(4000, 11.1, 1)];
  const f = resourceFigures(points, 1000, { startedAtMs: 1000, endedAtMs: 3000 });
  assert.equal(f?.cpuCores, 0.5);
  assert.equal(f?.cpuSeconds, 1.1);
  assert.equal(resourceFigures(points, 1000)?.cpuCores, 0.275);
});

test('cores fall back to the whole window when the samples do not cover the traffic', () => {
  const points = [point(0, 10, 1), point(1000, 10.1, 1), point(2000, 10.6, 1), point(3000, 11.1, 1), point(4000, 11.1, 1)];
  // One sample inside, or a traffic window outside the series (a remote worker's clock): the whole window.
  assert.equal(resourceFigures(points, 1000, { startedAtMs: 1500, endedAtMs: 2500 })?.cpuCores, 0.275);
  assert.equal(resourceFigures(points, 1000, { startedAtMs: 50_000, endedAtMs: 52_000 })?.cpuCores, 0.275);
});
