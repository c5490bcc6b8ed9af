// Whether this generator process yields while it spins: only under a real-time policy with the kernel's RT throttle on.
import { readRtThrottle, readSchedPolicy, type RtThrottle } from '../../measure/noise/realtime.js';

/**
 * A spinning generator under a real-time policy leaves its CPU `forNs` of every `everyNs` of spinning, so the kernel's
 * RT throttle (950 ms of every 1 s by default) never stops it for the rest of the period — a 50 ms gap. Its thread
 * sleeps on an hrtimer meanwhile, and a real-time thread is running again within microseconds of it firing.
 */
export interface SpinYield {
  everyNs: number;
  forNs: number;
}

/** 100 µs of every 900 µs spun: ≈10% of the CPU left to others, well under the throttle's default 5% (950 of 1000 ms). */
export const realtimeSpinYield: SpinYield = { everyNs: 900_000, forNs: 100_000 };

/** Pure: the yield for a process with this policy under this throttle (none at normal priority, none when unthrottled). */
export function spinYieldFor(policy: { policy: string } | undefined, throttle: RtThrottle): SpinYield | undefined {
  const realtime = policy?.policy === 'SCHED_FIFO' || policy?.policy === 'SCHED_RR';
  return realtime && throttle.runtimeUs !== null && throttle.runtimeUs >= 0 ? realtimeSpinYield : undefined;
}

/** This process's yield, read from /proc now. */
export function ownSpinYield(): SpinYield | undefined {
  return spinYieldFor(readSchedPolicy(process.pid), readRtThrottle());
}
