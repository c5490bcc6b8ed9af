// The time source of the traffic engines: monotonic ns, wall-clock ms and timers, so tests can drive a fake clock.

/** Cancels a timer set with `Clock.timer`. */
export type CancelTimer = () => void;

export interface Clock {
  /** Monotonic nanoseconds since the clock's own origin (a Number: exact for ~104 days). */
  nowNs(): number;
  /** Wall-clock epoch milliseconds (record timestamps, a common start time handed to several workers). */
  epochMs(): number;
  /** Calls `fn` once, `delayMs` from now. */
  timer(fn: () => void, delayMs: number): CancelTimer;
  /** Calls `fn` after pending I/O callbacks (a spin that still lets sockets be read). */
  immediate(fn: () => void): void;
  sleep(delayMs: number): Promise<void>;
  /** Blocks the thread for `ns` (a sub-millisecond sleep: the CPU goes to others meanwhile, no callback runs). */
  blockNs?(ns: number): void;
  /** Sleeps the thread `ns` while nothing can need it (as blockNs; a separate seam, so tests see each on its own). */
  idleNs?(ns: number): void;
  /**
   * Holds the thread `ns` on the clock itself (a busy wait: precise to about a µs, no callback runs, no sleep that can
   * overshoot), allocating almost nothing: for the last stretch before a due time while nothing can need the thread.
   */
  holdNs?(ns: number): void;
}

/** The machine's clocks: performance for time, node's timers for waiting. */
export function systemClock(): Clock {
  // performance.now() is the same monotonic clock as process.hrtime, read as a double: no BigInt a reading. The
  // schedulers read it on every spin turn (hundreds of thousands a second), and two BigInts a reading added to the
  // garbage of a spinning generator, whose scavenges stall its scheduler (open-loop/schedule.ts, idleSleepNs).
  const originMs = performance.now();
  // A cell nobody ever notifies: Atomics.wait on it is a precise sleep of the thread (hrtimer, µs).
  const blockCell = new Int32Array(new SharedArrayBuffer(4));
  const sleepThreadNs = (ns: number) => void Atomics.wait(blockCell, 0, 0, ns / 1e6);
  const nowNs = () => (performance.now() - originMs) * 1e6;
  return {
    nowNs,
    epochMs: () => performance.timeOrigin + performance.now(),
    timer: (fn, delayMs) => {
      const handle = setTimeout(fn, delayMs);
      return () => clearTimeout(handle);
    },
    immediate: (fn) => void setImmediate(fn),
    sleep: (delayMs) => new Promise((resolve) => setTimeout(resolve, delayMs)),
    blockNs: sleepThreadNs,
    idleNs: sleepThreadNs,
    holdNs: (ns) => void holdThreadNs(nowNs, ns),
  };
}

/**
 * Integer work between two clock reads of a hold (about 0.6 µs here): each reading is a heap number (16 bytes), and a
 * tight loop of readings allocated 300 MB/s (measured), the garbage a hold exists to avoid.
 */
const holdPauseSteps = 400;

/**
 * Busy-waits until `nowNs()` has advanced `ns` (bounded by it: at most ns plus one pause). Returns the pause's integer
 * work only so that the compiler cannot drop it.
 */
export function holdThreadNs(nowNs: () => number, ns: number): number {
  const untilNs = nowNs() + ns;
  let mix = 1;
  while (nowNs() < untilNs) {
    for (let i = 0; i < holdPauseSteps; i++) mix = (Math.imul(mix, 31) + i) | 0;
  }
  return mix;
}

/** Waits until the clock's wall time reaches `epochMs`: a timer for the bulk, then a spin for the last 2 ms. */
export function waitUntilEpoch(clock: Clock, epochMs: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const leftMs = epochMs - clock.epochMs();
      if (leftMs <= 0) return resolve();
      if (leftMs > 3) clock.timer(check, leftMs - 2);
      else clock.immediate(check);
    };
    check();
  });
}
