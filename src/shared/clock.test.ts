// The hold: a busy wait that ends once the clock has advanced the time asked, and no later than its next reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdThreadNs } from './clock.js';

test('a hold returns at the first reading at or past the time asked, whatever the clock steps are', () => {
  for (const stepNs of [1, 250, 999, 5000]) {
    let now = 1_000.5;
    let reads = 0;
    const nowNs = () => {
      reads += 1;
      now += stepNs;
      return now;
    };
    holdThreadNs(nowNs, 10_000);
    const startNs = 1_000.5 + stepNs; // the first reading
    assert.ok(now >= startNs + 10_000, `held the whole 10 µs (step ${stepNs} ns)`);
    assert.ok(now < startNs + 10_000 + stepNs, `stopped at the first reading past it (step ${stepNs} ns)`);
    assert.equal(reads, Math.ceil(10_000 / stepNs) + 1);
  }
});

test('a hold of nothing reads the clock twice and returns', () => {
  let reads = 0;
  holdThreadNs(() => ++reads, 0);
  assert.equal(reads, 2);
});
