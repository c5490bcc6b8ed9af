// Constant-arrival schedule arithmetic (pure): intended send times, what is due now, and how to wait for the next.

/** Times are nanoseconds relative to the phase start t0 (numbers: exact up to ~104 days). */
export interface ArrivalSchedule {
  ratePerSec: number;
  durationNs: number;
  /** This worker's requests whose intended send time falls inside [0, durationNs). */
  totalRequests: number;
  /** This worker's local request j is request first + j × stride of the one schedule (0 and 1 for a lone worker). */
  first: number;
  stride: number;
}

/**
 * A Node timer fires anywhere from ~1 ms early to ~1.5 ms late (measured on an idle loop: p99 +0.66 ms, max +1.49 ms).
 * So a timer is aimed this much before the due time and the rest is spun on setImmediate; waits too short for a
 * 1 ms timer under that margin (under 3 ms) are spun entirely. A spin still lets I/O callbacks run between ticks.
 */
export const timerMarginNs = 2_000_000;

const nsPerSec = 1e9;

/**
 * The schedule of one phase at `ratePerSec`, or of worker `share.index` of `share.count`: that worker sends requests
 * index, index + count, index + 2·count, … of the one schedule, so the workers' merged arrivals are exactly the rate.
 */
export function createSchedule(ratePerSec: number, durationMs: number, share?: { index: number; count: number }): ArrivalSchedule {
  const durationNs = Math.round(durationMs * 1e6);
  // Request i is in the phase when i / rate < duration, i.e. i < duration * rate.
  const allRequests = Math.max(0, Math.ceil((durationNs * ratePerSec) / nsPerSec - 1e-9));
  const first = share?.index ?? 0;
  const stride = share?.count ?? 1;
  const totalRequests = Math.max(0, Math.ceil((allRequests - first) / stride));
  return { ratePerSec, durationNs, totalRequests, first, stride };
}

/** Intended send time of this worker's request j: (first + j·stride) / rate after t0. */
export function intendedSendNs(schedule: ArrivalSchedule, index: number): number {
  return Math.round(((schedule.first + index * schedule.stride) * nsPerSec) / schedule.ratePerSec);
}

/**
 * The index one past the last request due at `nowNs`, starting the search at `fromIndex`
 * (due indices only grow, so the caller passes what it had). Never exceeds totalRequests.
 */
export function dueEnd(schedule: ArrivalSchedule, fromIndex: number, nowNs: number): number {
  if (nowNs < 0) return fromIndex;
  const estimate = Math.max(0, Math.floor(((nowNs * schedule.ratePerSec) / nsPerSec - schedule.first) / schedule.stride) + 1);
  let end = Math.min(schedule.totalRequests, Math.max(fromIndex, estimate));
  // Correct the float estimate against the exact rounding used by intendedSendNs (a step or two at most).
  while (end > fromIndex && intendedSendNs(schedule, end - 1) > nowNs) end -= 1;
  while (end < schedule.totalRequests && intendedSendNs(schedule, end) <= nowNs) end += 1;
  return end;
}

export type WaitPlan = { kind: 'now' } | { kind: 'spin' } | { kind: 'timer'; delayMs: number };

/** The plans without a parameter, shared: the scheduler plans on every turn of its spin. */
const runNow: WaitPlan = Object.freeze({ kind: 'now' });
const spin: WaitPlan = Object.freeze({ kind: 'spin' });

/** How to wait `waitNs` until the next due time: run now, spin with setImmediate, or sleep on a timer first. */
export function planWait(waitNs: number): WaitPlan {
  if (waitNs <= 0) return runNow;
  const delayMs = Math.floor((waitNs - timerMarginNs) / 1e6);
  return delayMs >= 1 ? { kind: 'timer', delayMs } : spin;
}

/**
 * How early an idle scheduler wakes from a sleep before the next due time: a futex sleep of 0.5 ms here overshot by
 * 80 µs at the median, 185 µs at p99, 332 µs at most (measured), and the rest of the wait is spun.
 */
export const idleWakeMarginNs = 350_000;

/**
 * How long a spinning scheduler may sleep on its thread (0: not at all). A setImmediate spin turn allocates hundreds
 * of bytes: the 1000/s HTTP/2 phase made a scavenge every 80 ms, each a 1–1.5 ms stall, a scheduler-lag p99 of 1–2 ms
 * (measured). It sleeps only while no request is in flight and none is due and unsent — then no socket read it
 * delays carries anything timed — and wakes `idleWakeMarginNs` before the next due time to spin the rest.
 */
export function idleSleepNs(waitNs: number, inFlight: number, waiting: number): number {
  if (inFlight > 0 || waiting > 0) return 0;
  return Math.max(0, waitNs - idleWakeMarginNs);
}

/**
 * How long an idle scheduler holds its thread on the clock (0: not at all) in the last `idleWakeMarginNs` before the
 * next due time, instead of spinning setImmediate turns (about 330 bytes of garbage a turn, 1.2 million turns a
 * second here: measured). Only while nothing is in flight or waiting, as for idleSleepNs: no read it delays is timed.
 */
export function idleHoldNs(waitNs: number, inFlight: number, waiting: number): number {
  if (inFlight > 0 || waiting > 0 || waitNs > idleWakeMarginNs) return 0;
  return Math.max(0, waitNs);
}
