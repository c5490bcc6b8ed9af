// The open-loop schedule driver both engines share: tick loop, due requests and their lag, sweep, drain, start at T0.
import { waitUntilEpoch, type CancelTimer, type Clock } from '../../shared/clock.js';
import { TrafficRecorder, type ErrorKind } from '../recorder.js';
import type { OpenLoopSpec, TrafficResult } from '../types.js';
import { createSchedule, dueEnd, idleHoldNs, idleSleepNs, intendedSendNs, planWait, type ArrivalSchedule } from './schedule.js';
import type { SpinYield } from './spin-yield.js';

/**
 * A request assigned to a connection (or stream); times in ns relative to the phase start. Its intended send time is
 * the schedule's (intendedSendNs of its index), not a field: an integer field holds a small integer (Smi) for the
 * phase's first 2.1 s and changes representation mid-phase, which deoptimizes the code that reads it.
 */
export interface InFlightRequest {
  index: number;
  /** When the bytes were written. */
  writeNs: number;
  /** After this the request counts as timed out. */
  deadlineNs: number;
}

/** The protocol side of an open-loop phase: where a due request goes (`C`: its connection type). */
export interface Dispatcher<C> {
  /** A connection that can take a request now (an idle connection, one with a free stream slot), or undefined. */
  nextFree(): C | undefined;
  /** Whether `conn`, which just became free, can take (another) request now. */
  canTake(conn: C): boolean;
  /** Writes `request`, just taken from the schedule, on `conn`. */
  write(conn: C, request: InFlightRequest): void;
  /** `waiting` due requests found no free connection: open more, within the protocol's limits. */
  openMore(waiting: number): void;
  /** Every sweep interval: fails requests past their deadline, abandons connects past the connect timeout. */
  sweep(nowNs: number): void;
  /** The phase stopped sending: whatever carries no request may close. */
  drain(): void;
  /** The phase is over: closes every connection and adds the protocol's figures to the result. */
  finish(result: TrafficResult): TrafficResult;
}

export type RunPhase = 'running' | 'draining' | 'done';

export class ScheduleDriver<C> {
  readonly recorder = new TrafficRecorder(true);
  readonly timeoutNs: number;
  private readonly schedule: ArrivalSchedule;
  private dispatcher: Dispatcher<C> | undefined;
  private resolve: ((result: TrafficResult) => void) | undefined;
  /** The phase clock's origin: half a nanosecond off the clock's integers (see clockNs). */
  private t0Ns = 0;
  private startedAtMs = 0;
  private startLateMs: number | undefined;
  private dueIndex = 0;
  private sentIndex = 0;
  /** Requests written and not yet answered or failed. */
  private inFlightCount = 0;
  /** The generator's own work so far, in seconds: a fraction, never a small integer (see clockNs). */
  private busySec = 0;
  /** Most due requests not yet sent at once (the queue for a connection, and what the scheduler just found due). */
  private queuePeak = 0;
  private runPhase: RunPhase = 'running';
  private phaseEndNs = 0;
  private cancelTimer: CancelTimer | undefined;
  private cancelSweep: CancelTimer | undefined;
  /** When the scheduler's current spin began (undefined while it waits on a timer). */
  private spinSinceNs: number | undefined;

  /** `requestBytes`: what one request writes; `spinYield`: the real-time yield while spinning (spin-yield.ts). */
  constructor(
    private readonly spec: OpenLoopSpec,
    private readonly clock: Clock,
    private readonly requestBytes: number,
    private readonly spinYield?: SpinYield,
  ) {
    this.schedule = createSchedule(spec.ratePerSec, spec.durationMs, spec.share);
    this.timeoutNs = spec.timeoutMs * 1e6;
  }

  /**
   * The phase clock: ns since t0 (before the start, since the warm pool began). Its readings are k + 0.5, never
   * integers: V8 keeps an integer below 2^31 as a small integer (Smi), so integer readings would be Smis for the
   * phase's first 2.1 s and every function optimized on them deoptimized at once when the clock outgrew that
   * (a 10–20 ms stall of the scheduler 2.15 s into a fresh worker's first phase, measured). Half a nanosecond is far
   * below anything recorded (µs).
   */
  readonly clockNs = (): number => this.clock.nowNs() - this.t0Ns;

  get phase(): RunPhase {
    return this.runPhase;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Requests due and not yet sent. */
  get waiting(): number {
    return this.dueIndex - this.sentIndex;
  }

  /** Requests due so far (index one past the last). */
  get due(): number {
    return this.dueIndex;
  }

  get sent(): number {
    return this.sentIndex;
  }

  /**
   * Runs the phase: `warm` opens the warm pool (connect time before t0 is not measured), then the clock starts, at
   * `spec.startAtEpochMs` if given, and the scheduler runs until the phase and its drain are over.
   */
  async run(dispatcher: Dispatcher<C>, warm: () => Promise<void>): Promise<TrafficResult> {
    this.dispatcher = dispatcher;
    this.t0Ns = originNs(this.clock.nowNs());
    await warm();
    const startAtMs = this.spec.startAtEpochMs;
    if (startAtMs !== undefined) await waitUntilEpoch(this.clock, startAtMs);
    // A worker that comes up after the common start keeps the one schedule: its clock starts at T0, not now, so the
    // requests already due are sent at once and timed from their intended times (and the lateness is reported).
    const lateMs = startAtMs !== undefined ? Math.max(0, this.clock.epochMs() - startAtMs) : 0;
    this.t0Ns = originNs(this.clock.nowNs() - lateMs * 1e6);
    this.startedAtMs = this.clock.epochMs() - lateMs;
    if (startAtMs !== undefined) this.startLateMs = lateMs;
    const sweepMs = Math.min(100, Math.max(5, Math.floor(this.spec.timeoutMs / 10)));
    const sweep = () => {
      dispatcher.sweep(this.clockNs());
      if (this.runPhase !== 'done') this.cancelSweep = this.clock.timer(sweep, sweepMs);
    };
    this.cancelSweep = this.clock.timer(sweep, sweepMs);
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.tick();
    });
  }

  /** The scheduler: send what is due, then wait for the next due time (timer when far, setImmediate spin when near). */
  private readonly tick = (): void => {
    this.cancelTimer = undefined;
    if (this.runPhase !== 'running') return;
    let nowNs = this.clockNs();
    // Before the end check: requests that fell due while the generator was stalled (descheduled) past the phase end
    // record how late they were noticed, so the stall reads as generator lag, not as a target that could not keep up.
    this.advanceDue(nowNs);
    if (nowNs >= this.schedule.durationNs) return this.endPhase(nowNs);
    if (this.sentIndex < this.dueIndex) {
      this.dispatch();
      const sentNs = this.clockNs();
      this.busySec += (sentNs - nowNs) / 1e9;
      nowNs = sentNs;
    }
    const nextNs = this.dueIndex < this.schedule.totalRequests
      ? Math.min(intendedSendNs(this.schedule, this.dueIndex), this.schedule.durationNs)
      : this.schedule.durationNs;
    // One clock read a turn when nothing was due (the spin's common case): planning from the turn's start is off by
    // the due check's few hundred ns, against a plan whose margins are milliseconds.
    const plan = planWait(nextNs - nowNs);
    if (plan.kind === 'timer') {
      this.spinSinceNs = undefined;
      this.cancelTimer = this.clock.timer(this.tick, plan.delayMs);
      return;
    }
    // Nothing in flight or waiting: sleep on the thread (no spin turns, no garbage) until just before the next due time,
    // then hold it on the clock until that time.
    const sleepNs = idleSleepNs(nextNs - nowNs, this.inFlightCount, this.waiting);
    const holdNs = idleHoldNs(nextNs - nowNs, this.inFlightCount, this.waiting);
    if (sleepNs > 0 && this.clock.idleNs) {
      this.clock.idleNs(sleepNs);
      this.spinSinceNs = undefined; // the CPU was given away: the spin yield counts afresh
    } else if (holdNs > 0 && this.clock.holdNs) this.clock.holdNs(holdNs);
    this.yieldWhileSpinning();
    this.clock.immediate(this.tick);
  };

  /** Under a spin yield, sleeps `forNs` once `everyNs` of spinning have passed. */
  private yieldWhileSpinning(): void {
    if (!this.spinYield || !this.clock.blockNs) return;
    const spunNs = this.clockNs();
    this.spinSinceNs ??= spunNs;
    if (spunNs - this.spinSinceNs >= this.spinYield.everyNs) {
      this.clock.blockNs(this.spinYield.forNs);
      this.spinSinceNs = this.clockNs();
    }
  }

  /** Marks requests due up to `nowNs`, recording how late each was noticed (every scheduled request, exactly once). */
  advanceDue(nowNs: number): void {
    const previousDue = this.dueIndex;
    this.dueIndex = dueEnd(this.schedule, previousDue, nowNs);
    for (let i = previousDue; i < this.dueIndex; i++) {
      this.recorder.recordSchedulerLag((nowNs - intendedSendNs(this.schedule, i)) / 1000);
    }
    // Before any of them is sent: a request due while an idle connection waits counts for an instant, as it waited.
    this.queuePeak = Math.max(this.queuePeak, this.dueIndex - this.sentIndex);
  }

  /** Sends due requests in FIFO order on free connections; asks for more connections for the rest. */
  dispatch(): void {
    const dispatcher = this.dispatcher!;
    while (this.sentIndex < this.dueIndex) {
      const conn = dispatcher.nextFree();
      if (conn === undefined) break;
      dispatcher.write(conn, this.take());
    }
    if (this.sentIndex < this.dueIndex) dispatcher.openMore(this.dueIndex - this.sentIndex);
  }

  /** A connection that just became free (connected, answered) takes the oldest due requests while it can. */
  feed(conn: C, nowNs: number): void {
    const dispatcher = this.dispatcher!;
    this.advanceDue(nowNs);
    while (this.sentIndex < this.dueIndex && dispatcher.canTake(conn)) dispatcher.write(conn, this.take());
  }

  /** The oldest due request, sent now: counted in flight, its send lag and bytes recorded. */
  private take(): InFlightRequest {
    const index = this.sentIndex++;
    const writeNs = this.clockNs();
    this.inFlightCount += 1;
    this.recorder.recordSendLag((writeNs - intendedSendNs(this.schedule, index)) / 1000);
    this.recorder.addBytesWritten(this.requestBytes);
    return { index, writeNs, deadlineNs: writeNs + this.timeoutNs };
  }

  /** `request` was answered with `statusCode`, seen at `nowNs`. */
  responded(request: InFlightRequest, statusCode: number, nowNs: number): void {
    this.inFlightCount -= 1;
    const intendedNs = intendedSendNs(this.schedule, request.index);
    this.recorder.recordResponse(statusCode, (nowNs - intendedNs) / 1000, nowNs, (nowNs - request.writeNs) / 1000);
  }

  /** `count` requests in flight failed with `kind`. */
  failed(kind: ErrorKind, count = 1): void {
    if (count <= 0) return;
    this.inFlightCount -= count;
    this.recorder.recordError(kind, count);
  }

  /**
   * A connect that failed (refused, timed out) fails the oldest waiting request (as Nighthawk fails a request whose
   * connection could not be made), so a dead target is counted request by request and reconnect attempts stay paced
   * by the arrival rate.
   */
  failWaiting(kind: ErrorKind): void {
    if (this.runPhase !== 'running' || this.sentIndex >= this.dueIndex) return;
    this.sentIndex += 1;
    this.recorder.recordError(kind);
  }

  /** Ends a drain whose last request just finished. */
  settle(): void {
    if (this.runPhase === 'draining' && this.inFlightCount === 0) this.finish();
  }

  /** Counts the generator's own work since `startNs` as busy time. */
  busySince(startNs: number): void {
    this.busySec += (this.clockNs() - startNs) / 1e9;
  }

  /** Stops dispatching; in-flight requests get up to timeoutMs to finish. */
  private endPhase(nowNs: number): void {
    this.runPhase = 'draining';
    this.phaseEndNs = nowNs;
    this.dispatcher!.drain();
    if (this.inFlightCount === 0) return this.finish();
    this.cancelTimer = this.clock.timer(() => this.finish(), this.spec.timeoutMs);
  }

  private finish(): void {
    if (this.runPhase === 'done') return;
    this.runPhase = 'done';
    const elapsedNs = this.clockNs();
    this.cancelTimer?.();
    this.cancelSweep?.();
    this.recorder.recordError('timeout', this.inFlightCount);
    const result = this.recorder.result({
      kind: 'open',
      startedAtMs: this.startedAtMs,
      endedAtMs: this.startedAtMs + this.phaseEndNs / 1e6,
      durationMs: this.spec.durationMs,
      targetRatePerSec: shareRate(this.spec),
      unsent: this.schedule.totalRequests - this.sentIndex,
      queuePeakRequests: this.queuePeak,
      generatorBusyFraction: elapsedNs > 0 ? Math.min(1, (this.busySec * 1e9) / elapsedNs) : 0,
      ...(this.spec.share ? { share: this.spec.share } : {}),
      ...(this.startLateMs !== undefined ? { startLateMs: this.startLateMs } : {}),
    });
    this.resolve!(this.dispatcher!.finish(result));
  }
}

/** A phase clock origin half a nanosecond below an integer, so that readings (integers minus it) are k + 0.5. */
function originNs(ns: number): number {
  return Math.floor(ns) - 0.5;
}

/** This worker's share of the target rate (all of it without a share). */
export function shareRate(spec: OpenLoopSpec): number {
  return spec.share ? spec.ratePerSec / spec.share.count : spec.ratePerSec;
}
