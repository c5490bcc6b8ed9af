// Open-loop engine: a constant arrival rate over raw keep-alive sockets, latency measured from intended send times.
import { systemClock, waitUntilEpoch, type CancelTimer, type Clock } from '../../shared/clock.js';
import { ConfigError } from '../../shared/errors.js';
import { TrafficRecorder, type ErrorKind } from '../recorder.js';
import { buildRequestBytes } from '../request.js';
import { assertLoopbackTarget } from '../safety.js';
import type { OpenLoopSpec, TrafficResult } from '../types.js';
import { Connection, type ConnectionEvents, type InFlightRequest } from './connection.js';
import { preconnect, warmPoolSize } from './preconnect.js';
import { openLoopProblems } from './spec.js';
import { shareConnections } from '../share.js';
import type { ParsedResponse } from './response-parser.js';
import { createSchedule, dueEnd, intendedSendNs, planWait, type ArrivalSchedule } from './schedule.js';
import { createClientTransport } from '../transport/select.js';
import type { ClientTransport } from '../transport/transport.js';
import { HandshakeRecorder } from '../transport/handshake-recorder.js';

/**
 * At least this many connects in progress at once. Queued requests are served by whichever connection is ready first;
 * an unbounded burst of connects (a hiccup at a high rate queues hundreds of requests) costs enough CPU to stall the
 * generator itself, which then queues more.
 */
export const minConnectsInProgress = 8;

/**
 * The connect + handshake time the cap allows for when every request (or every few) needs a new connection. By Little's
 * law a phase making R new connections a second has R × (connect + handshake) of them in progress: a full TLS
 * handshake on a loaded 2-core machine took 20–30 ms, so a fixed cap of 8 held such phases near 300 connections/s
 * while neither the generator nor the proxy was busy (bench/tls.ts).
 */
export const connectWindowMs = 50;

/**
 * Connects allowed in progress at once: 8, or, when the transport makes a new connection every `requestsPerConnection`
 * requests (TLS full / resumed), enough for this worker's new-connection rate over connectWindowMs; never more than its
 * connections.
 */
export function connectsInProgressCap(ratePerSec: number, maxConnections: number, transport: OpenLoopSpec['transport']): number {
  const newConnectionsPerSec = transport?.kind === 'tls' && transport.mode !== 'keepalive' ? ratePerSec / transport.requestsPerConnection : 0;
  return Math.max(1, Math.min(maxConnections, Math.max(minConnectsInProgress, Math.ceil((newConnectionsPerSec * connectWindowMs) / 1000))));
}

/**
 * A connect still pending after this long (or the request timeout, if shorter) is abandoned and retried. On loopback a
 * connect completes in microseconds unless the listener's accept queue overflowed and the kernel dropped the SYN, which
 * it retransmits only after 1 s, 3 s, 7 s…; left to the request timeout, such connects would hold the
 * connect slots (connectsInProgressCap) for seconds while due requests starve.
 */
export const connectTimeoutMs = 250;

/**
 * Runs one open-loop phase against a loopback target and resolves with its measurements. With `spec.share`, this
 * worker sends only its share of the one schedule (requests index, index + count, …); with `spec.startAtEpochMs`, its
 * phase clock starts at that common instant. `clock` is the time source (tests pass a fake one).
 */
/**
 * A spinning generator under a real-time policy leaves its CPU `forNs` of every `everyNs` of spinning, so the kernel's
 * RT throttle (950 ms of every 1 s by default) never stops it for the rest of the period — a 50 ms gap. Its thread
 * sleeps on an hrtimer meanwhile, and a real-time thread is running again within microseconds of it firing.
 */
export interface SpinYield {
  everyNs: number;
  forNs: number;
}

export async function runOpenLoop(spec: OpenLoopSpec, clock: Clock = systemClock(), spinYield?: SpinYield): Promise<TrafficResult> {
  assertLoopbackTarget(spec.target, spec.ownService);
  const problems = openLoopProblems(spec);
  if (spec.share && shareConnections(spec.maxConnections, spec.share) === 0) problems.push(`${spec.share.count} workers cannot share ${spec.maxConnections} connections: use at most as many workers as connections`);
  if (problems.length > 0) throw new ConfigError('the open-loop spec is invalid', problems);
  const requestBytes = buildRequestBytes(spec.target, spec.request);
  const transport = createClientTransport(spec.transport);
  return new Promise((resolve) => void new OpenLoopRun(spec, requestBytes, transport, clock, resolve, spinYield).start());
}

class OpenLoopRun implements ConnectionEvents {
  private readonly schedule: ArrivalSchedule;
  private readonly recorder = new TrafficRecorder(true);
  private readonly handshakes: HandshakeRecorder;
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();
  private readonly timeoutNs: number;
  private readonly connectTimeoutNs: number;
  /** Connects one sweep already found past the connect timeout (the next sweep abandons them). */
  private readonly lateConnects = new WeakSet<Connection>();
  /** Shared by every connection of this run: each read is parsed before the next can land. */
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private t0Ns = 0;
  private startedAtMs = 0;
  private startLateMs: number | undefined;
  /** This worker's share of the phase's connection cap. */
  private readonly maxConnections: number;
  /** Connects this worker may have in progress at once (connectsInProgressCap). */
  private readonly connectCap: number;
  private dueIndex = 0;
  private sentIndex = 0;
  /** Requests written and not yet answered or failed. */
  private inFlight = 0;
  private connecting = 0;
  private busyNs = 0;
  /** Most due requests not yet sent at once (the queue for a connection, and what the scheduler just found due). */
  private queuePeak = 0;
  private phase: 'running' | 'draining' | 'done' = 'running';
  private phaseEndNs = 0;
  private cancelTimer: CancelTimer | undefined;
  private cancelSweep: CancelTimer | undefined;
  /** When the scheduler's current spin began (undefined while it waits on a timer). */
  private spinSinceNs: number | undefined;

  constructor(
    private readonly spec: OpenLoopSpec,
    private readonly requestBytes: Buffer,
    private readonly transport: ClientTransport,
    private readonly clock: Clock,
    private readonly resolve: (result: TrafficResult) => void,
    private readonly spinYield?: SpinYield,
  ) {
    this.handshakes = new HandshakeRecorder(spec.transport);
    this.schedule = createSchedule(spec.ratePerSec, spec.durationMs, spec.share);
    this.timeoutNs = spec.timeoutMs * 1e6;
    this.connectTimeoutNs = Math.min(connectTimeoutMs, spec.timeoutMs) * 1e6;
    this.maxConnections = shareConnections(spec.maxConnections, spec.share);
    this.connectCap = connectsInProgressCap(shareRate(spec), this.maxConnections, spec.transport);
  }

  readonly clockNs = (): number => this.clock.nowNs() - this.t0Ns;

  /** Opens the warm pool (connect time before t0 is not measured), then starts the clock and the scheduler. */
  async start(): Promise<void> {
    this.t0Ns = this.clock.nowNs();
    const shareRatePerSec = this.spec.ratePerSec / (this.spec.share?.count ?? 1);
    const pool = this.transport.warmPool(warmPoolSize(shareRatePerSec, this.maxConnections));
    const warm = await preconnect(this.spec.target, this.transport, pool.open, this.spec.timeoutMs, this.clockNs, this.readBuffer, this.clock);
    // A transport that measures every handshake keeps none of them (a `resumed` phase's one only fetched a session).
    // A TLS 1.3 ticket arrives within milliseconds of the handshake; a server that sends none is the phase's to report.
    await this.transport.primed(Math.min(1000, this.spec.timeoutMs));
    if (!pool.keep) for (const conn of warm.splice(0)) conn.close('closed');
    for (const conn of warm) {
      // Kept warm connections carry the phase's traffic: their handshakes are the phase's to verify (no timing: before t0).
      this.handshakes.record(conn.handshake);
      conn.adopt(this);
      this.open.add(conn);
      this.idle.push(conn);
    }
    if (this.spec.startAtEpochMs !== undefined) await waitUntilEpoch(this.clock, this.spec.startAtEpochMs);
    // A worker that comes up after the common start keeps the one schedule: its clock starts at T0, not now, so the
    // requests already due are sent at once and timed from their intended times (and the lateness is reported).
    const lateMs = this.spec.startAtEpochMs !== undefined ? Math.max(0, this.clock.epochMs() - this.spec.startAtEpochMs) : 0;
    this.t0Ns = this.clock.nowNs() - lateMs * 1e6;
    this.startedAtMs = this.clock.epochMs() - lateMs;
    if (this.spec.startAtEpochMs !== undefined) this.startLateMs = lateMs;
    const sweepMs = Math.min(100, Math.max(5, Math.floor(this.spec.timeoutMs / 10)));
    const sweep = () => {
      this.sweepTimeouts();
      if (this.phase !== 'done') this.cancelSweep = this.clock.timer(sweep, sweepMs);
    };
    this.cancelSweep = this.clock.timer(sweep, sweepMs);
    this.tick();
  }

  /** The scheduler: send what is due, then wait for the next due time (timer when far, setImmediate spin when near). */
  private readonly tick = (): void => {
    this.cancelTimer = undefined;
    if (this.phase !== 'running') return;
    const nowNs = this.clockNs();
    // Before the end check: requests that fell due while the generator was stalled (descheduled) past the phase end
    // record how late they were noticed, so the stall reads as generator lag, not as a target that could not keep up.
    this.advanceDue(nowNs);
    if (nowNs >= this.schedule.durationNs) return this.endPhase(nowNs);
    if (this.sentIndex < this.dueIndex) {
      this.dispatch();
      this.busyNs += this.clockNs() - nowNs;
    }
    const nextNs = this.dueIndex < this.schedule.totalRequests
      ? Math.min(intendedSendNs(this.schedule, this.dueIndex), this.schedule.durationNs)
      : this.schedule.durationNs;
    const plan = planWait(nextNs - this.clockNs());
    if (plan.kind === 'timer') {
      this.spinSinceNs = undefined;
      this.cancelTimer = this.clock.timer(this.tick, plan.delayMs);
      return;
    }
    if (this.spinYield && this.clock.blockNs) {
      const spunNs = this.clockNs();
      this.spinSinceNs ??= spunNs;
      if (spunNs - this.spinSinceNs >= this.spinYield.everyNs) {
        this.clock.blockNs(this.spinYield.forNs);
        this.spinSinceNs = this.clockNs();
      }
    }
    this.clock.immediate(this.tick);
  };

  /** Marks requests due up to `nowNs`, recording how late each was noticed (every scheduled request, exactly once). */
  private advanceDue(nowNs: number): void {
    const previousDue = this.dueIndex;
    this.dueIndex = dueEnd(this.schedule, previousDue, nowNs);
    for (let i = previousDue; i < this.dueIndex; i++) {
      this.recorder.recordSchedulerLag((nowNs - intendedSendNs(this.schedule, i)) / 1000);
    }
    // Before any of them is sent: a request due while an idle connection waits counts for an instant, as it waited.
    this.queuePeak = Math.max(this.queuePeak, this.dueIndex - this.sentIndex);
  }

  /** Sends due requests in FIFO order on idle connections; opens connections for the rest while under the limits. */
  private dispatch(): void {
    while (this.sentIndex < this.dueIndex) {
      const conn = this.idle.pop();
      if (conn === undefined) break;
      this.send(conn, this.sentIndex++);
    }
    const wanted = Math.min(this.dueIndex - this.sentIndex, this.connectCap);
    while (this.connecting < wanted && this.open.size < this.maxConnections) {
      this.connecting += 1;
      this.open.add(new Connection(this.spec.target, this.transport, this, this.clockNs, this.readBuffer));
    }
  }

  private send(conn: Connection, index: number): void {
    const writeNs = this.clockNs();
    const request: InFlightRequest = { index, intendedNs: intendedSendNs(this.schedule, index), writeNs, deadlineNs: writeNs + this.timeoutNs };
    this.inFlight += 1;
    conn.write(request, this.requestBytes);
    this.recorder.recordSendLag((writeNs - request.intendedNs) / 1000);
    this.recorder.addBytesWritten(this.requestBytes.length);
  }

  onConnected(conn: Connection): void {
    const startNs = this.clockNs();
    this.connecting -= 1;
    if (this.phase === 'done') return conn.close('closed');
    this.handshakes.record(conn.handshake, ((conn.readyNs ?? startNs) - conn.openedNs) / 1000);
    this.reuse(conn, startNs);
    this.busyNs += this.clockNs() - startNs;
  }

  onResponse(conn: Connection, request: InFlightRequest, response: ParsedResponse, nowNs: number): void {
    if (this.phase === 'done') return;
    this.inFlight -= 1;
    const uncorrectedUs = (nowNs - request.writeNs) / 1000;
    this.recorder.recordResponse(response.statusCode, (nowNs - request.intendedNs) / 1000, nowNs, uncorrectedUs);
    if (!conn.isClosed) this.reuse(conn, nowNs);
    if (this.phase === 'draining' && this.inFlight === 0) this.finish();
    this.busyNs += this.clockNs() - nowNs;
  }

  /** A ready connection takes the oldest due request at once, or waits in the idle pool. */
  private reuse(conn: Connection, nowNs: number): void {
    if (this.phase !== 'running') return conn.close('closed');
    this.advanceDue(nowNs);
    if (this.sentIndex < this.dueIndex) this.send(conn, this.sentIndex++);
    else this.idle.push(conn);
  }

  onClosed(conn: Connection, failed: InFlightRequest | undefined, kind: ErrorKind): void {
    this.open.delete(conn);
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
    if (!conn.connected) this.connecting -= 1;
    if (this.phase === 'done') return;
    if (failed !== undefined) {
      this.inFlight -= 1;
      this.recorder.recordError(kind);
    } else if (!conn.connected && this.phase === 'running' && this.sentIndex < this.dueIndex) {
      // A connect that failed (refused, timed out) fails the oldest waiting request (as Nighthawk fails a request whose
      // connection could not be made), so a dead target is counted request by request and reconnect attempts stay
      // paced by the arrival rate.
      this.sentIndex += 1;
      this.recorder.recordError(kind);
    }
    if (this.phase === 'draining' && this.inFlight === 0) return this.finish();
    if (this.phase === 'running' && this.sentIndex < this.dueIndex) this.dispatch(); // replace the lost connection
  }

  onBytesRead(bytes: number): void {
    this.recorder.addBytesRead(bytes);
  }

  /**
   * Requests past their deadline fail as 'timeout'. A connect past the connect timeout is abandoned ('connect-timeout') by the
   * second sweep that finds it late, so that an I/O poll runs in between: after the generator itself stalled, a
   * connect that completed meanwhile is delivered first instead of being torn down.
   */
  private sweepTimeouts(): void {
    const nowNs = this.clockNs();
    for (const conn of [...this.open]) {
      if (conn.connected) {
        if (conn.inFlight !== undefined && conn.inFlight.deadlineNs <= nowNs) conn.close('timeout');
      } else if (nowNs - conn.openedNs >= this.connectTimeoutNs) {
        if (this.lateConnects.has(conn)) conn.close('connect-timeout');
        else this.lateConnects.add(conn);
      }
    }
  }

  /** Stops dispatching; in-flight requests get up to timeoutMs to finish. */
  private endPhase(nowNs: number): void {
    this.phase = 'draining';
    this.phaseEndNs = nowNs;
    for (const conn of this.idle.splice(0)) conn.close('closed');
    if (this.inFlight === 0) return this.finish();
    this.cancelTimer = this.clock.timer(() => this.finish(), this.spec.timeoutMs);
  }

  private finish(): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    const elapsedNs = this.clockNs();
    this.cancelTimer?.();
    this.cancelSweep?.();
    this.recorder.recordError('timeout', this.inFlight);
    for (const conn of [...this.open]) conn.close('closed');
    const tls = this.handshakes.result();
    this.resolve(this.withTls(tls, this.recorder.result({
      kind: 'open',
      startedAtMs: this.startedAtMs,
      endedAtMs: this.startedAtMs + this.phaseEndNs / 1e6,
      durationMs: this.spec.durationMs,
      targetRatePerSec: shareRate(this.spec),
      unsent: this.schedule.totalRequests - this.sentIndex,
      queuePeakRequests: this.queuePeak,
      generatorBusyFraction: elapsedNs > 0 ? Math.min(1, this.busyNs / elapsedNs) : 0,
      ...(this.spec.share ? { share: this.spec.share } : {}),
      ...(this.startLateMs !== undefined ? { startLateMs: this.startLateMs } : {}),
    })));
  }

  private withTls(tls: TrafficResult['tls'], result: TrafficResult): TrafficResult {
    return tls === undefined ? result : { ...result, tls };
  }
}

/** This worker's share of the target rate (all of it without a share). */
function shareRate(spec: OpenLoopSpec): number {
  return spec.share ? spec.ratePerSec / spec.share.count : spec.ratePerSec;
}
