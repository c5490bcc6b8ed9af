// The spin yield is only for a real-time generator under an RT throttle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { realtimeSpinYield, spinYieldFor } from './spin-yield.js';

test('SCHED_FIFO/RR under a throttle yields; normal priority, an unlimited or unknown throttle do not', () => {
  const throttled = { runtimeUs: 950_000, periodUs: 1_000_000 };
  assert.deepEqual(spinYieldFor({ policy: 'SCHED_FIFO' }, throttled), realtimeSpinYield);
  assert.deepEqual(spinYieldFor({ policy: 'SCHED_RR' }, throttled), realtimeSpinYield);
  assert.equal(spinYieldFor({ policy: 'SCHED_OTHER' }, throttled), undefined);
  assert.equal(spinYieldFor({ policy: 'SCHED_FIFO' }, { runtimeUs: -1, periodUs: 1_000_000 }), undefined);
  assert.equal(spinYieldFor(undefined, throttled), undefined);
  // The share left to others must exceed what the throttle takes (period − runtime) / period.
  assert.ok(realtimeSpinYield.forNs / (realtimeSpinYield.everyNs + realtimeSpinYield.forNs) > (1_000_000 - 950_000) / 1_000_000);
});
