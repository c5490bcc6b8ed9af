// Time sources in microseconds: monotonic (for delays) and wall-clock epoch (for connection timestamps).
import { performance } from 'node:perf_hooks';

/** Monotonic time in µs (fractional), from process start. */
export type MonotonicClockUs = () => number;

export const monotonicNowUs: MonotonicClockUs = () => performance.now() * 1000;

/** Wall-clock time in whole µs since the Unix epoch, with the monotonic clock's resolution. */
export function epochNowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
