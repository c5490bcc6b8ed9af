// Open-loop HTTP/2 engine: a constant arrival rate over N connections × S concurrent streams, latency from intended send times.
import { systemClock, waitUntilEpoch, type CancelTimer, type Clock } from '../../shared/clock.js';
import { ConfigError } from '../../shared/errors.js';
import { TrafficRecorder, type ErrorKind } from '../recorder.js';
import { assertLoopbackTarget } from '../safety.js';
import type { Http2PhaseSpec, Http2TrafficStats, OpenLoopSpec, TrafficResult } from '../types.js';
import { openLoopProblems } from '../open-loop/spec.js';
import { shareConnections } from '../share.js';
import { createSchedule, dueEnd, intendedSendNs, planWait, type ArrivalSchedule } from '../open-loop/schedule.js';
import { createClientTransport } from '../transport/select.js';
import type { ClientTransport } from '../transport/transport.js';
import { HandshakeRecorder } from '../transport/handshake-recorder.js';
import { connectTimeoutMs, minConnectsInProgress } from '../open-loop/engine.js';
import { H2ClientConnection, type H2ConnectionEvents, type H2Request } from './connection.js';
import { buildH2RequestFrames } from './request.js';

/** Most concurrent streams a phase may ask per connection. */
export const maxStreamsPerConnection = 1000;

/**
 * Runs one open-loop HTTP/2 phase. Like the HTTP/1.1 engine (same schedule, scheduler-lag and send-lag rules, warm pool
 * before t0), but a request takes a free stream on any open connection; a new connection is opened only when every
 * stream of every connection is taken, up to `maxConnections`. Beyond that, due requests queue: "no stream slot free".
 */
export async function runOpenLoopH2(spec: OpenLoopSpec & { http2: Http2PhaseSpec }, clock: Clock = systemClock()): Promise<TrafficResult> {
  assertLoopbackTarget(spec.target, spec.ownService);
  const problems = openLoopProblems(spec);
  const streams = spec.http2.streamsPerConnection;
  if (!Number.isInteger(streams) || streams < 1 || streams > maxStreamsPerConnection) problems.push(`http2.streamsPerConnection must be an integer in 1..${maxStreamsPerConnection}`);
  if (spec.http2.protocol === 'h2' && spec.transport?.kind !== 'tls') problems.push('h2 needs the TLS transport (ALPN); h2c is HTTP/2 over plain TCP');
  if (spec.http2.protocol === 'h2c' && spec.transport?.kind === 'tls') problems.push('h2c is HTTP/2 over plain TCP; over TLS use h2');
  if (spec.share && shareConnections(spec.maxConnections, spec.share) === 0) problems.push(`${spec.share.count} workers cannot share ${spec.maxConnections} connections: use at most as many workers as connections`);
  if (problems.length > 0) throw new ConfigError('the open-loop HTTP/2 spec is invalid', problems);
  const request = buildH2RequestFrames(spec.target, spec.request, spec.http2.protocol === 'h2' ? 'https' : 'http');
  const transport = createClientTransport(spec.transport?.kind === 'tls' ? { ...spec.transport, alpn: ['h2', 'http/1.1'] } : spec.transport);
  return new Promise((resolve) => void new OpenLoopH2Run(spec, request, transport, clock, resolve).start());
}

class OpenLoopH2Run implements H2ConnectionEvents {
  private readonly schedule: ArrivalSchedule;
  private readonly recorder = new TrafficRecorder(true);
  private readonly handshakes: HandshakeRecorder;
  private readonly open = new Set<H2ClientConnection>();
  /** Ready connections, in the order a free stream is looked for (round robin from `cursor`). */
  private readonly ready: H2ClientConnection[] = [];
  private cursor = 0;
  private readonly timeoutNs: number;
  private readonly connectTimeoutNs: number;
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private readonly maxConnections: number;
  private readonly stats: Omit<Http2TrafficStats, 'protocol' | 'streamsPerConnection'> = { negotiated: {}, serverMaxStreams: null, streamSlotWaits: 0, resets: {}, goaways: {} };
  /** Requests up to this index have been counted as waiting for a stream slot (each at most once). */
  private slotWaitMark = 0;
  private t0Ns = 0;
  private startedAtMs = 0;
  private startLateMs: number | undefined;
  private dueIndex = 0;
  private sentIndex = 0;
  private inFlight = 0;
  private connecting = 0;
  private busyNs = 0;
  private queuePeak = 0;
  private phase: 'running' | 'draining' | 'done' = 'running';
  private phaseEndNs = 0;
  private cancelTimer: CancelTimer | undefined;
  private cancelSweep: CancelTimer | undefined;

  constructor(
    private readonly spec: OpenLoopSpec & { http2: Http2PhaseSpec },
    private readonly request: { frames: Buffer; streamIdOffsets: number[] },
    private readonly transport: ClientTransport,
    private readonly clock: Clock,
    private readonly resolve: (result: TrafficResult) => void,
  ) {
    this.handshakes = new HandshakeRecorder(spec.transport?.kind === 'tls' ? { ...spec.transport, alpn: ['h2', 'http/1.1'] } : spec.transport);
    this.schedule = createSchedule(spec.ratePerSec, spec.durationMs, spec.share);
    this.timeoutNs = spec.timeoutMs * 1e6;
    this.connectTimeoutNs = Math.min(connectTimeoutMs, spec.timeoutMs) * 1e6;
    this.maxConnections = shareConnections(spec.maxConnections, spec.share);
  }

  readonly clockNs = (): number => this.clock.nowNs() - this.t0Ns;

  /**
   * The warm pool: enough connections for the first second's requests at 1 ms each over S streams (at least one),
   * opened and verified (h2 negotiated, the server's SETTINGS in) before t0; then the clock and the scheduler start.
   */
  async start(): Promise<void> {
    this.t0Ns = this.clock.nowNs();
    const shareRatePerSec = this.spec.ratePerSec / (this.spec.share?.count ?? 1);
    const warm = Math.min(this.maxConnections, Math.max(1, Math.ceil(shareRatePerSec / 1000 / this.spec.http2.streamsPerConnection)));
    await this.preconnect(warm);
    if (this.spec.startAtEpochMs !== undefined) await waitUntilEpoch(this.clock, this.spec.startAtEpochMs);
    this.t0Ns = this.clock.nowNs();
    this.startedAtMs = this.clock.epochMs();
    if (this.spec.startAtEpochMs !== undefined) this.startLateMs = Math.max(0, this.startedAtMs - this.spec.startAtEpochMs);
    const sweepMs = Math.min(100, Math.max(5, Math.floor(this.spec.timeoutMs / 10)));
    const sweep = () => {
      this.sweepTimeouts();
      if (this.phase !== 'done') this.cancelSweep = this.clock.timer(sweep, sweepMs);
    };
    this.cancelSweep = this.clock.timer(sweep, sweepMs);
    this.tick();
  }

  private preconnect(count: number): Promise<void> {
    return new Promise((resolve) => {
      let pending = count;
      const done = () => {
        pending -= 1;
        if (pending === 0) {
          cancel();
          resolve();
        }
      };
      const events: H2ConnectionEvents = {
        onReady: (conn) => {
          conn.adopt(this);
          this.noteNegotiated(conn);
          this.handshakes.record(conn.handshake);
          this.ready.push(conn);
          done();
        },
        onResponse: () => undefined,
        onStreamReset: () => undefined,
        onGoAway: (conn) => conn.close('closed'),
        onClosed: (conn) => {
          this.open.delete(conn);
          // A warm connection refused h2 is the phase's to report: it negotiated something else.
          if (conn.negotiated !== undefined) this.noteNegotiated(conn);
          done();
        },
        onBytesRead: () => undefined,
      };
      const cancel = this.clock.timer(() => {
        for (const conn of [...this.open]) if (!conn.ready) conn.close('timeout');
      }, this.spec.timeoutMs);
      for (let i = 0; i < count; i++) this.open.add(this.connect(events));
    });
  }

  private connect(events: H2ConnectionEvents): H2ClientConnection {
    return new H2ClientConnection(this.spec.target, this.transport, events, this.clockNs, this.readBuffer, this.spec.http2.streamsPerConnection);
  }

  private noteNegotiated(conn: H2ClientConnection): void {
    const key = conn.negotiated ?? 'none';
    this.stats.negotiated[key] = (this.stats.negotiated[key] ?? 0) + 1;
    if (Number.isFinite(conn.serverMaxStreams)) {
      this.stats.serverMaxStreams = Math.min(this.stats.serverMaxStreams ?? Number.POSITIVE_INFINITY, conn.serverMaxStreams);
    }
  }

  private readonly tick = (): void => {
    this.cancelTimer = undefined;
    if (this.phase !== 'running') return;
    const nowNs = this.clockNs();
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
    if (plan.kind === 'timer') this.cancelTimer = this.clock.timer(this.tick, plan.delayMs);
    else this.clock.immediate(this.tick);
  };

  private advanceDue(nowNs: number): void {
    const previousDue = this.dueIndex;
    this.dueIndex = dueEnd(this.schedule, previousDue, nowNs);
    for (let i = previousDue; i < this.dueIndex; i++) this.recorder.recordSchedulerLag((nowNs - intendedSendNs(this.schedule, i)) / 1000);
    this.queuePeak = Math.max(this.queuePeak, this.dueIndex - this.sentIndex);
  }

  /** Sends due requests in FIFO order on free streams; opens connections for the rest while under the limits. */
  private dispatch(): void {
    while (this.sentIndex < this.dueIndex) {
      const conn = this.nextFree();
      if (conn === undefined) break;
      this.send(conn, this.sentIndex++);
    }
    if (this.sentIndex >= this.dueIndex) return;
    const streams = this.spec.http2.streamsPerConnection;
    const wantedConnections = Math.ceil((this.dueIndex - this.sentIndex) / streams);
    const wanted = Math.min(wantedConnections, minConnectsInProgress);
    while (this.connecting < wanted && this.open.size < this.maxConnections) {
      this.connecting += 1;
      this.open.add(this.connect(this));
    }
    if (this.open.size >= this.maxConnections && this.connecting === 0) {
      // Every stream of every connection is taken and no connection may be added: the requests due now wait.
      this.stats.streamSlotWaits += this.dueIndex - Math.max(this.slotWaitMark, this.sentIndex);
      this.slotWaitMark = this.dueIndex;
    }
  }

  /** A ready connection with a free stream, round robin (so streams spread over the connections), or undefined. */
  private nextFree(): H2ClientConnection | undefined {
    for (let tried = 0; tried < this.ready.length; tried++) {
      this.cursor = (this.cursor + 1) % this.ready.length;
      const conn = this.ready[this.cursor]!;
      if (conn.freeSlots > 0) return conn;
    }
    return undefined;
  }

  private send(conn: H2ClientConnection, index: number): void {
    const writeNs = this.clockNs();
    const intendedNs = intendedSendNs(this.schedule, index);
    this.inFlight += 1;
    conn.send({ index, intendedNs, writeNs, deadlineNs: writeNs + this.timeoutNs }, this.request.frames, this.request.streamIdOffsets);
    this.recorder.recordSendLag((writeNs - intendedNs) / 1000);
    this.recorder.addBytesWritten(this.request.frames.length);
  }

  onReady(conn: H2ClientConnection): void {
    const startNs = this.clockNs();
    this.connecting -= 1;
    if (this.phase === 'done') return conn.close('closed');
    this.noteNegotiated(conn);
    this.handshakes.record(conn.handshake, ((conn.readyNs ?? startNs) - conn.openedNs) / 1000);
    this.ready.push(conn);
    this.fill(conn, startNs);
    this.busyNs += this.clockNs() - startNs;
  }

  onResponse(conn: H2ClientConnection, request: H2Request, nowNs: number): void {
    if (this.phase === 'done') return;
    // Busy time from here, not from the read's start: one read may carry many streams' responses.
    const workNs = this.clockNs();
    this.inFlight -= 1;
    this.recorder.recordResponse(request.status, (nowNs - request.intendedNs) / 1000, nowNs, (nowNs - request.writeNs) / 1000);
    if (!conn.isClosed) this.fill(conn, nowNs);
    if (this.phase === 'draining' && this.inFlight === 0) this.finish();
    this.busyNs += this.clockNs() - workNs;
  }

  onStreamReset(conn: H2ClientConnection, _request: H2Request, code: string): void {
    this.stats.resets[code] = (this.stats.resets[code] ?? 0) + 1;
    if (this.phase === 'done') return;
    this.inFlight -= 1;
    this.recorder.recordError('reset');
    if (this.phase === 'draining' && this.inFlight === 0) return this.finish();
    if (!conn.isClosed) this.fill(conn, this.clockNs());
  }

  onGoAway(_conn: H2ClientConnection, code: string, failed: H2Request[]): void {
    this.stats.goaways[code] = (this.stats.goaways[code] ?? 0) + 1;
    if (this.phase === 'done') return;
    this.failRequests(failed, 'closed');
  }

  /** A connection with a free stream takes the oldest due requests at once. */
  private fill(conn: H2ClientConnection, nowNs: number): void {
    if (this.phase !== 'running') return;
    this.advanceDue(nowNs);
    while (this.sentIndex < this.dueIndex && conn.freeSlots > 0) this.send(conn, this.sentIndex++);
  }

  onClosed(conn: H2ClientConnection, failed: H2Request[], kind: ErrorKind): void {
    this.open.delete(conn);
    const at = this.ready.indexOf(conn);
    if (at >= 0) this.ready.splice(at, 1);
    else {
      this.connecting -= 1;
      if (conn.negotiated !== undefined) this.noteNegotiated(conn); // refused h2 (ALPN chose something else)
    }
    if (this.phase === 'done') return;
    this.failRequests(failed, kind);
    if (at < 0 && this.phase === 'running' && this.sentIndex < this.dueIndex) {
      // A connect that failed fails the oldest waiting request (as the HTTP/1.1 engine does): a dead target is counted
      // request by request, and reconnects stay paced by the arrival rate.
      this.sentIndex += 1;
      this.recorder.recordError(kind);
    }
    if (this.phase === 'draining' && this.inFlight === 0) return this.finish();
    if (this.phase === 'running' && this.sentIndex < this.dueIndex) this.dispatch();
  }

  private failRequests(failed: readonly H2Request[], kind: ErrorKind): void {
    if (failed.length === 0) return;
    this.inFlight -= failed.length;
    this.recorder.recordError(kind, failed.length);
    if (this.phase === 'draining' && this.inFlight === 0) this.finish();
  }

  onBytesRead(bytes: number): void {
    this.recorder.addBytesRead(bytes);
  }

  /** Streams past their deadline are reset and fail as 'timeout'; connects past the connect timeout are abandoned. */
  private sweepTimeouts(): void {
    const nowNs = this.clockNs();
    for (const conn of [...this.open]) {
      if (conn.ready) {
        for (const stream of [...conn.streams.values()]) {
          if (stream.deadlineNs > nowNs) continue;
          conn.cancel(stream.streamId);
          this.failRequests([stream], 'timeout');
          if (this.phase === 'done') return;
        }
        if (!conn.isClosed && this.phase === 'running') this.fill(conn, nowNs);
      } else if (nowNs - conn.openedNs >= this.connectTimeoutNs * 2) {
        conn.close('connect-timeout');
      }
    }
  }

  private endPhase(nowNs: number): void {
    this.phase = 'draining';
    this.phaseEndNs = nowNs;
    if (this.inFlight === 0) return this.finish();
    this.cancelTimer = this.clock.timer(() => this.finish(), this.spec.timeoutMs);
  }

  private finish(): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    const elapsedNs = this.clockNs();
    this.cancelTimer?.();
    this.cancelSweep?.();
    this.recorder.recordError('timeout', Math.max(0, this.inFlight));
    for (const conn of [...this.open]) conn.reset();
    const tls = this.handshakes.result();
    const result = this.recorder.result({
      kind: 'open',
      startedAtMs: this.startedAtMs,
      endedAtMs: this.startedAtMs + this.phaseEndNs / 1e6,
      durationMs: this.spec.durationMs,
      targetRatePerSec: this.spec.share ? this.spec.ratePerSec / this.spec.share.count : this.spec.ratePerSec,
      unsent: this.schedule.totalRequests - this.sentIndex,
      queuePeakRequests: this.queuePeak,
      generatorBusyFraction: elapsedNs > 0 ? Math.min(1, this.busyNs / elapsedNs) : 0,
      ...(this.spec.share ? { share: this.spec.share } : {}),
      ...(this.startLateMs !== undefined ? { startLateMs: this.startLateMs } : {}),
    });
    const http2: Http2TrafficStats = { protocol: this.spec.http2.protocol, streamsPerConnection: this.spec.http2.streamsPerConnection, ...this.stats };
    this.resolve({ ...result, ...(tls === undefined ? {} : { tls }), http2 });
  }
}
