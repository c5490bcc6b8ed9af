// Open-loop engine: a constant arrival rate over raw keep-alive sockets, latency measured from intended send times.
import { ConfigError } from '../../shared/errors.js';
import { TrafficRecorder, type ErrorKind } from '../recorder.js';
import { buildRequestBytes } from '../request.js';
import { assertLoopbackTarget } from '../safety.js';
import type { OpenLoopSpec, TrafficResult } from '../types.js';
import { Connection, type ConnectionEvents, type InFlightRequest } from './connection.js';
import type { ParsedResponse } from './response-parser.js';
import { createSchedule, dueEnd, intendedSendNs, planWait, type ArrivalSchedule } from './schedule.js';

/** Upper bounds that keep every run finite. */
export const openLoopLimits = { maxRatePerSec: 1_000_000, maxDurationMs: 3_600_000, maxTimeoutMs: 120_000, maxConnections: 10_000 };

export function openLoopProblems(spec: OpenLoopSpec): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, text: string) => { if (!ok) problems.push(text); };
  const l = openLoopLimits;
  check(Number.isFinite(spec.ratePerSec) && spec.ratePerSec > 0 && spec.ratePerSec <= l.maxRatePerSec, `ratePerSec must be in (0, ${l.maxRatePerSec}]`);
  check(Number.isFinite(spec.durationMs) && spec.durationMs > 0 && spec.durationMs <= l.maxDurationMs, `durationMs must be in (0, ${l.maxDurationMs}]`);
  check(Number.isFinite(spec.timeoutMs) && spec.timeoutMs > 0 && spec.timeoutMs <= l.maxTimeoutMs, `timeoutMs must be in (0, ${l.maxTimeoutMs}]`);
  check(Number.isInteger(spec.maxConnections) && spec.maxConnections >= 1 && spec.maxConnections <= l.maxConnections, `maxConnections must be an integer in 1..${l.maxConnections}`);
  return problems;
}

/** Runs one open-loop phase against a loopback target and resolves with its measurements. */
export async function runOpenLoop(spec: OpenLoopSpec): Promise<TrafficResult> {
  assertLoopbackTarget(spec.target);
  const problems = openLoopProblems(spec);
  if (problems.length > 0) throw new ConfigError('the open-loop spec is invalid', problems);
  const requestBytes = buildRequestBytes(spec.target, spec.request);
  return new Promise((resolve) => new OpenLoopRun(spec, requestBytes, resolve).start());
}

class OpenLoopRun implements ConnectionEvents {
  private readonly schedule: ArrivalSchedule;
  private readonly recorder = new TrafficRecorder(true);
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();
  private readonly timeoutNs: number;
  /** Shared by every connection of this run: each read is parsed before the next can land. */
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private t0 = 0n;
  private startedAtMs = 0;
  private dueIndex = 0;
  private sentIndex = 0;
  private inFlight = 0;
  private busyNs = 0;
  private phase: 'running' | 'draining' | 'done' = 'running';
  private phaseEndNs = 0;
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly spec: OpenLoopSpec,
    private readonly requestBytes: Buffer,
    private readonly resolve: (result: TrafficResult) => void,
  ) {
    this.schedule = createSchedule(spec.ratePerSec, spec.durationMs);
    this.timeoutNs = spec.timeoutMs * 1e6;
  }

  readonly clockNs = (): number => Number(process.hrtime.bigint() - this.t0);

  start(): void {
    this.t0 = process.hrtime.bigint();
    this.startedAtMs = performance.timeOrigin + performance.now();
    const sweepMs = Math.min(100, Math.max(5, Math.floor(this.spec.timeoutMs / 10)));
    this.sweeper = setInterval(() => this.sweepTimeouts(), sweepMs);
    this.tick();
  }

  /** The scheduler: send what is due, then wait for the next due time (timer when far, setImmediate spin when near). */
  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.phase !== 'running') return;
    const nowNs = this.clockNs();
    if (nowNs >= this.schedule.durationNs) return this.endPhase(nowNs);
    this.dueIndex = dueEnd(this.schedule, this.dueIndex, nowNs);
    if (this.sentIndex < this.dueIndex) {
      this.dispatch();
      this.busyNs += this.clockNs() - nowNs;
    }
    const nextNs = this.dueIndex < this.schedule.totalRequests
      ? Math.min(intendedSendNs(this.schedule, this.dueIndex), this.schedule.durationNs)
      : this.schedule.durationNs;
    const plan = planWait(nextNs - this.clockNs());
    if (plan.kind === 'timer') this.timer = setTimeout(this.tick, plan.delayMs);
    else setImmediate(this.tick);
  };

  /** Sends due requests in FIFO order: on an idle connection, else on a new one while under maxConnections. */
  private dispatch(): void {
    while (this.sentIndex < this.dueIndex) {
      const conn = this.idle.pop();
      if (conn !== undefined) {
        this.send(conn, this.newRequest(0));
      } else if (this.open.size < this.spec.maxConnections) {
        const request = this.newRequest(this.clockNs() + this.timeoutNs);
        const { host, port } = this.spec.target;
        this.open.add(new Connection(host, port, this, this.clockNs, request, this.readBuffer));
      } else {
        return;
      }
    }
  }

  /** Takes the oldest due request; `deadlineNs` matters only until send() sets it from the write time. */
  private newRequest(deadlineNs: number): InFlightRequest {
    const index = this.sentIndex++;
    this.inFlight += 1;
    return { index, intendedNs: intendedSendNs(this.schedule, index), writeNs: undefined, deadlineNs };
  }

  private send(conn: Connection, request: InFlightRequest): void {
    const writeNs = this.clockNs();
    request.writeNs = writeNs;
    request.deadlineNs = writeNs + this.timeoutNs;
    conn.write(request, this.requestBytes);
    this.recorder.recordSendLag((writeNs - request.intendedNs) / 1000);
    this.recorder.addBytesWritten(this.requestBytes.length);
  }

  onConnected(conn: Connection): void {
    const startNs = this.clockNs();
    if (this.phase === 'done') return conn.close('closed');
    if (conn.inFlight !== undefined) this.send(conn, conn.inFlight);
    else this.reuse(conn, startNs);
    this.busyNs += this.clockNs() - startNs;
  }

  onResponse(conn: Connection, request: InFlightRequest, response: ParsedResponse, nowNs: number): void {
    if (this.phase === 'done') return;
    this.inFlight -= 1;
    const uncorrectedUs = (nowNs - (request.writeNs ?? nowNs)) / 1000;
    this.recorder.recordResponse(response.statusCode, (nowNs - request.intendedNs) / 1000, nowNs, uncorrectedUs);
    if (!conn.isClosed) this.reuse(conn, nowNs);
    if (this.phase === 'draining' && this.inFlight === 0) this.finish();
    this.busyNs += this.clockNs() - nowNs;
  }

  /** An idle connection takes the oldest due request at once, or waits in the idle pool. */
  private reuse(conn: Connection, nowNs: number): void {
    if (this.phase !== 'running') return conn.close('closed');
    this.dueIndex = dueEnd(this.schedule, this.dueIndex, nowNs);
    if (this.sentIndex < this.dueIndex) this.send(conn, this.newRequest(0));
    else this.idle.push(conn);
  }

  onClosed(conn: Connection, failed: InFlightRequest | undefined, kind: ErrorKind): void {
    this.open.delete(conn);
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
    if (this.phase === 'done') return;
    if (failed !== undefined) {
      this.inFlight -= 1;
      this.recorder.recordError(kind);
    }
    if (this.phase === 'draining' && this.inFlight === 0) return this.finish();
    if (this.phase === 'running' && this.sentIndex < this.dueIndex) this.dispatch(); // replace the lost connection
  }

  onBytesRead(bytes: number): void {
    this.recorder.addBytesRead(bytes);
  }

  private sweepTimeouts(): void {
    const nowNs = this.clockNs();
    for (const conn of [...this.open]) {
      if (conn.inFlight !== undefined && conn.inFlight.deadlineNs <= nowNs) conn.close('timeout');
    }
  }

  /** Stops dispatching; in-flight requests get up to timeoutMs to finish. */
  private endPhase(nowNs: number): void {
    this.phase = 'draining';
    this.phaseEndNs = nowNs;
    for (const conn of this.idle.splice(0)) conn.close('closed');
    if (this.inFlight === 0) return this.finish();
    this.timer = setTimeout(() => this.finish(), this.spec.timeoutMs);
  }

  private finish(): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    const elapsedNs = this.clockNs();
    clearTimeout(this.timer);
    clearInterval(this.sweeper);
    this.recorder.recordError('timeout', this.inFlight);
    for (const conn of [...this.open]) conn.close('closed');
    this.resolve(this.recorder.result({
      kind: 'open',
      startedAtMs: this.startedAtMs,
      endedAtMs: this.startedAtMs + this.phaseEndNs / 1e6,
      durationMs: this.spec.durationMs,
      targetRatePerSec: this.spec.ratePerSec,
      unsent: this.schedule.totalRequests - this.sentIndex,
      generatorBusyFraction: elapsedNs > 0 ? Math.min(1, this.busyNs / elapsedNs) : 0,
    }));
  }
}
