// Releases delayed items at their due time with µs precision: a min-heap, setTimeout for far deadlines, a setImmediate loop near them.
import { monotonicNowUs, type MonotonicClockUs } from './clock.js';
import { MinHeap } from './min-heap.js';

/** Something to release at `dueUs` (monotonic µs); `seq` is set by the scheduler to keep ties in arrival order. */
export interface DueItem {
  dueUs: number;
  seq: number;
}

export interface DelaySchedulerOptions {
  /** Below this distance to the earliest due time the scheduler spins on setImmediate instead of sleeping. */
  spinWindowUs: number;
  clock: MonotonicClockUs;
}

export const defaultDelaySchedulerOptions: DelaySchedulerOptions = { spinWindowUs: 1500, clock: monotonicNowUs };

export class DelayScheduler<T extends DueItem> {
  private readonly heap = new MinHeap<T>((a, b) => a.dueUs < b.dueUs || (a.dueUs === b.dueUs && a.seq < b.seq));
  private nextSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Due time the armed timer was set for. */
  private timerForUs = 0;
  private immediate: NodeJS.Immediate | undefined;
  /** True while a tick releases items; the tick re-arms itself at its end. */
  private ticking = false;

  /** `release(item, nowUs)` is called for every item once it is due, earliest first, several per tick. */
  constructor(
    private readonly release: (item: T, nowUs: number) => void,
    private readonly options: DelaySchedulerOptions = defaultDelaySchedulerOptions,
  ) {}

  get size(): number {
    return this.heap.size;
  }

  add(item: T): void {
    item.seq = this.nextSeq++;
    this.heap.push(item);
    if (this.immediate !== undefined || this.ticking) return;
    if (this.timer !== undefined) {
      if (item.dueUs >= this.timerForUs) return;
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.arm(this.options.clock());
  }

  /**
   * Releases whatever is due now, from inside an I/O callback: due items then need not wait for the rest of the
   * poll phase (every other socket's callbacks) before the setImmediate tick runs.
   */
  releaseDueNow(): void {
    if (this.ticking || this.heap.size === 0) return;
    this.releaseDue(this.options.clock());
  }

  /** Drops every pending item and stops the timers. */
  clear(): void {
    this.heap.clear();
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    this.ticking = true;
    try {
      this.releaseDue(this.options.clock());
    } finally {
      this.ticking = false;
    }
    this.arm(this.options.clock());
  };

  private releaseDue(nowUs: number): void {
    // Bounded by the items present when the tick started; items added during release wait for the next tick.
    for (let budget = this.heap.size; budget > 0; budget--) {
      const top = this.heap.peek();
      if (top === undefined || top.dueUs > nowUs) return;
      this.heap.pop();
      this.release(top, nowUs);
    }
  }

  private arm(nowUs: number): void {
    const top = this.heap.peek();
    if (top === undefined) return;
    const sleepMs = Math.floor((top.dueUs - nowUs - this.options.spinWindowUs) / 1000);
    if (sleepMs >= 1) {
      this.timerForUs = top.dueUs;
      this.timer = setTimeout(this.tick, sleepMs);
    } else {
      this.immediate = setImmediate(this.tick);
    }
  }
}
