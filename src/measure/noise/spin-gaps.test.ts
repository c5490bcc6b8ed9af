// The noise check's arithmetic over a scripted clock: gaps found, the late share they imply, the loop's bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spinGaps, summarizeGaps } from './spin-gaps.js';

/** A clock that ticks 1 µs per read, with the given stalls (ns) inserted at the given reads. */
function scriptedClock(stalls: Map<number, number>): () => number {
  let now = 0;
  let reads = 0;
  return () => {
    reads += 1;
    now += 1000 + (stalls.get(reads) ?? 0);
    return now;
  };
}

test('gaps over the threshold are kept, the rest not; the window is the time spun', () => {
  const g = spinGaps(scriptedClock(new Map([[10, 3_000_000], [20, 40_000], [30, 100_000]])), 10_000_000, 50_000);
  assert.deepEqual(g.gapsNs, [3_001_000, 101_000], 'a 41 µs gap is under the 50 µs threshold');
  assert.ok(g.windowNs >= 10_000_000);
  const s = summarizeGaps(g, 1000);
  assert.equal(s.gaps, 2);
  assert.equal(s.maxGapUs, 3001);
  // Only the part of a gap beyond the 1 ms limit makes requests late by more than it.
  assert.ok(Math.abs(s.lateShare - 2_001_000 / g.windowNs) < 1e-12);
  assert.ok(Math.abs(s.stalledShare - 3_102_000 / g.windowNs) < 1e-12);
});

test('a quiet spin has no gaps and no late share; kept gaps are bounded, the rest counted', () => {
  const quiet = summarizeGaps(spinGaps(scriptedClock(new Map()), 1_000_000, 50_000), 1000);
  assert.deepEqual(quiet, { gaps: 0, maxGapUs: 0, stalledShare: 0, lateShare: 0 });
  const stalls = new Map(Array.from({ length: 50 }, (_, i) => [i * 2 + 2, 200_000] as [number, number]));
  const many = spinGaps(scriptedClock(stalls), 100_000_000, 50_000, 10);
  assert.equal(many.gapsNs.length, 10);
  assert.equal(many.droppedGaps, 40);
  assert.equal(summarizeGaps(many, 1000).gaps, 50);
});

test('a clock that stands still cannot hold the loop forever', () => {
  const g = spinGaps(() => 5, 1_000_000, 50_000, 10, 1000);
  assert.equal(g.windowNs, 0);
  assert.deepEqual(g.gapsNs, []);
});
