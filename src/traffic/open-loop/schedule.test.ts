// Tests for the constant-arrival schedule arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSchedule, dueEnd, idleHoldNs, idleSleepNs, idleWakeMarginNs, intendedSendNs, planWait, timerMarginNs } from './schedule.js';

test('request i is intended at i / rate after t0', () => {
  const s = createSchedule(500, 1000);
  assert.equal(s.totalRequests, 500);
  assert.equal(intendedSendNs(s, 0), 0);
  assert.equal(intendedSendNs(s, 1), 2_000_000);
  assert.equal(intendedSendNs(s, 499), 998_000_000);
  const third = createSchedule(3, 1000);
  assert.deepEqual([0, 1, 2].map((i) => intendedSendNs(third, i)), [0, 333_333_333, 666_666_667]);
});

test('the request count covers intended times inside [0, duration)', () => {
  assert.equal(createSchedule(500, 1000).totalRequests, 500);
  assert.equal(createSchedule(3, 1000).totalRequests, 3);
  assert.equal(createSchedule(3, 1001).totalRequests, 4);
  assert.equal(createSchedule(0.5, 1000).totalRequests, 1);
  assert.equal(createSchedule(0.5, 2001).totalRequests, 2);
  assert.equal(createSchedule(1e5, 30_000).totalRequests, 3_000_000);
  assert.equal(createSchedule(7, 0).totalRequests, 0);
});

test('dueEnd counts exactly the requests whose time has come', () => {
  const s = createSchedule(1000, 10);
  assert.equal(dueEnd(s, 0, -1), 0);
  assert.equal(dueEnd(s, 0, 0), 1);
  assert.equal(dueEnd(s, 1, 999_999), 1);
  assert.equal(dueEnd(s, 1, 1_000_000), 2);
  assert.equal(dueEnd(s, 0, 5_500_000), 6);
  assert.equal(dueEnd(s, 0, 1e12), 10, 'never past the schedule');
  assert.equal(dueEnd(s, 7, 0), 7, 'never goes back');
});

test('dueEnd agrees with intendedSendNs at awkward rates', () => {
  for (const rate of [3, 7, 333.3, 9999, 123457]) {
    const s = createSchedule(rate, 200);
    let from = 0;
    for (let i = 0; i < Math.min(s.totalRequests, 5000); i++) {
      const t = intendedSendNs(s, i);
      assert.equal(dueEnd(s, 0, t - 1), i, `rate ${rate} just before ${i}`);
      from = dueEnd(s, from, t);
      assert.equal(from, i + 1, `rate ${rate} at ${i}`);
    }
  }
});

test('waits: now, spin when a timer could overshoot, timer aimed early otherwise', () => {
  assert.deepEqual(planWait(0), { kind: 'now' });
  assert.deepEqual(planWait(-5), { kind: 'now' });
  assert.deepEqual(planWait(1_000), { kind: 'spin' });
  assert.deepEqual(planWait(1_500_000), { kind: 'spin' });
  assert.deepEqual(planWait(timerMarginNs + 999_999), { kind: 'spin' });
  assert.deepEqual(planWait(timerMarginNs + 1_000_000), { kind: 'timer', delayMs: 1 });
  assert.deepEqual(planWait(100_000_000), { kind: 'timer', delayMs: 98 });
});

test('an idle spin sleeps until the wake margin before the next due time, never with a request in flight or waiting', () => {
  assert.equal(idleSleepNs(1_000_000, 0, 0), 1_000_000 - idleWakeMarginNs);
  assert.equal(idleSleepNs(idleWakeMarginNs, 0, 0), 0, 'the last stretch is spun');
  assert.equal(idleSleepNs(100_000, 0, 0), 0);
  assert.equal(idleSleepNs(1_000_000, 1, 0), 0, 'a response may be on its way: its read must not wait');
  assert.equal(idleSleepNs(1_000_000, 0, 1), 0, 'a request waits for a connection: its connect must not wait');
});

test('an idle scheduler holds the thread on the clock for the last stretch only, never with a request in flight or waiting', () => {
  assert.equal(idleHoldNs(1_000_000, 0, 0), 0, 'far from the due time it sleeps instead');
  assert.equal(idleHoldNs(idleWakeMarginNs, 0, 0), idleWakeMarginNs);
  assert.equal(idleHoldNs(100_000, 0, 0), 100_000, 'exactly until the due time');
  assert.equal(idleHoldNs(-5, 0, 0), 0);
  assert.equal(idleHoldNs(100_000, 1, 0), 0, 'a response may be on its way: its read must not wait');
  assert.equal(idleHoldNs(100_000, 0, 1), 0, 'a request waits for a connection: its connect must not wait');
});

test('worker k of N sends requests k, k+N, … of the one schedule: together exactly the schedule, each request once', () => {
  for (const [rate, durationMs, workers] of [[1000, 1000, 2], [333, 1001, 3], [7, 1000, 4], [1e5, 300, 7]] as const) {
    const whole = createSchedule(rate, durationMs);
    const times: number[] = [];
    for (let k = 0; k < workers; k++) {
      const share = createSchedule(rate, durationMs, { index: k, count: workers });
      for (let j = 0; j < share.totalRequests; j++) times.push(intendedSendNs(share, j));
      // dueEnd agrees with a brute-force count of the share's due requests at arbitrary instants.
      for (const nowNs of [0, 1, 999_999, whole.durationNs / 3, whole.durationNs - 1, whole.durationNs]) {
        let due = 0;
        while (due < share.totalRequests && intendedSendNs(share, due) <= nowNs) due++;
        assert.equal(dueEnd(share, 0, nowNs), due, `rate ${rate}, worker ${k}/${workers}, at ${nowNs}`);
      }
    }
    times.sort((a, b) => a - b);
    assert.deepEqual(times, Array.from({ length: whole.totalRequests }, (_, i) => intendedSendNs(whole, i)));
  }
});
