// A fake clock for tests: time stands still until the test advances it; timers fire in time order as it passes.
import type { CancelTimer, Clock } from '../clock.js';

interface PendingTimer {
  atNs: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private nowNsValue = 0;
  private seq = 0;
  private readonly timers = new Set<PendingTimer>();
  /** How many times, and for how long in all, the code under test blocked its thread (blockNs). */
  blocks = 0;
  blockedNs = 0;

  constructor(private readonly epochOriginMs = 1_700_000_000_000) {}

  nowNs(): number {
    return this.nowNsValue;
  }

  epochMs(): number {
    return this.epochOriginMs + this.nowNsValue / 1e6;
  }

  timer(fn: () => void, delayMs: number): CancelTimer {
    const pending = { atNs: this.nowNsValue + Math.max(0, delayMs) * 1e6, seq: this.seq++, fn };
    this.timers.add(pending);
    return () => void this.timers.delete(pending);
  }

  /** A real setImmediate: sockets keep being read while fake time stands still. */
  immediate(fn: () => void): void {
    setImmediate(fn);
  }

  /** A blocked thread: fake time passes as if frozen (timers due meanwhile fire late, afterwards). */
  blockNs(ns: number): void {
    this.blocks += 1;
    this.blockedNs += ns;
    this.jump(ns / 1e6);
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.timer(resolve, delayMs));
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order, at its own time. */
  advance(ms: number): void {
    const targetNs = this.nowNsValue + ms * 1e6;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.timers) if (t.atNs <= targetNs && (!next || t.atNs < next.atNs || (t.atNs === next.atNs && t.seq < next.seq))) next = t;
      if (!next) break;
      this.timers.delete(next);
      this.nowNsValue = Math.max(this.nowNsValue, next.atNs);
      next.fn();
    }
    this.nowNsValue = targetNs;
  }

  /**
   * Moves time forward by `ms` at once, as if the process had been frozen (descheduled, blocked): timers due meanwhile
   * fire only afterwards, late, in order.
   */
  jump(ms: number): void {
    this.nowNsValue += ms * 1e6;
    this.advance(0);
  }

  /**
   * Advances `stepMs` at a time until `done()` holds or `maxMs` have passed, yielding a real event-loop turn (1 ms timer)
   * after every step so real sockets and servers make progress. Fake time then never runs ahead of the loop.
   */
  async run(options: { stepMs: number; maxMs: number; done?: () => boolean; at?: (nowMs: number) => void }): Promise<void> {
    for (let passedMs = 0; passedMs < options.maxMs && !(options.done?.() ?? false); passedMs += options.stepMs) {
      this.advance(options.stepMs);
      options.at?.(this.nowNsValue / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}
