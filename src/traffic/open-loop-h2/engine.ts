// Open-loop HTTP/2 engine: a constant arrival rate over N connections × S concurrent streams, latency from intended send times.
import { systemClock, type Clock } from '../../shared/clock.js';
import { ConfigError } from '../../shared/errors.js';
import type { ErrorKind } from '../recorder.js';
import { assertLoopbackTarget } from '../safety.js';
import type { Http2PhaseSpec, Http2TrafficStats, OpenLoopSpec, TrafficResult } from '../types.js';
import { openLoopProblems } from '../open-loop/spec.js';
import { shareConnections } from '../share.js';
import { ScheduleDriver, shareRate, type Dispatcher, type InFlightRequest } from '../open-loop/driver.js';
import type { SpinYield } from '../open-loop/spin-yield.js';
import { createClientTransport } from '../transport/select.js';
import type { ClientTransport } from '../transport/transport.js';
import { HandshakeRecorder } from '../transport/handshake-recorder.js';
import { connectTimeoutMs, minConnectsInProgress } from '../open-loop/engine.js';
import { H2ClientConnection, type H2ConnectionEvents, type H2Request } from './connection.js';
import { buildH2RequestFrames } from './request.js';

/** Most concurrent streams a phase may ask per connection. */
export const maxStreamsPerConnection = 1000;

type H2PhaseSpec = OpenLoopSpec & { http2: Http2PhaseSpec };

/**
 * Runs one open-loop HTTP/2 phase. Like the HTTP/1.1 engine (the same schedule driver: scheduler-lag and send-lag
 * rules, warm pool before t0, start at T0, the real-time spin yield), but a request takes a free stream on any open
 * connection; a new connection is opened only when every stream of every connection is taken, up to
 * `maxConnections`. Beyond that, due requests queue: "no stream slot free".
 */
export async function runOpenLoopH2(spec: H2PhaseSpec, clock: Clock = systemClock(), spinYield?: SpinYield): Promise<TrafficResult> {
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
  return new OpenLoopH2Run(spec, request, transport, clock, spinYield).run();
}

/** The HTTP/2 side of a phase: S streams per connection, round robin over ready connections, stream and GOAWAY figures. */
class OpenLoopH2Run implements H2ConnectionEvents, Dispatcher<H2ClientConnection> {
  private readonly driver: ScheduleDriver<H2ClientConnection>;
  private readonly handshakes: HandshakeRecorder;
  private readonly open = new Set<H2ClientConnection>();
  /** Ready connections, in the order a free stream is looked for (round robin from `cursor`). */
  private readonly ready: H2ClientConnection[] = [];
  private cursor = 0;
  private readonly connectTimeoutNs: number;
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private readonly maxConnections: number;
  private readonly stats: Omit<Http2TrafficStats, 'protocol' | 'streamsPerConnection'> = { negotiated: {}, serverMaxStreams: null, streamSlotWaits: 0, resets: {}, goaways: {} };
  /** Requests up to this index have been counted as waiting for a stream slot (each at most once). */
  private slotWaitMark = 0;
  private connecting = 0;

  constructor(
    private readonly spec: H2PhaseSpec,
    private readonly request: { frames: Buffer; streamIdOffsets: number[] },
    private readonly transport: ClientTransport,
    private readonly clock: Clock,
    spinYield?: SpinYield,
  ) {
    this.driver = new ScheduleDriver(spec, clock, request.frames.length, spinYield);
    this.handshakes = new HandshakeRecorder(spec.transport?.kind === 'tls' ? { ...spec.transport, alpn: ['h2', 'http/1.1'] } : spec.transport);
    this.connectTimeoutNs = Math.min(connectTimeoutMs, spec.timeoutMs) * 1e6;
    this.maxConnections = shareConnections(spec.maxConnections, spec.share);
  }

  /**
   * The warm pool: enough connections for the first second's requests at 1 ms each over S streams (at least one),
   * opened and verified (h2 negotiated, the server's SETTINGS in) before t0.
   */
  run(): Promise<TrafficResult> {
    const warm = Math.min(this.maxConnections, Math.max(1, Math.ceil(shareRate(this.spec) / 1000 / this.spec.http2.streamsPerConnection)));
    return this.driver.run(this, () => this.preconnect(warm));
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
    return new H2ClientConnection(this.spec.target, this.transport, events, this.driver.clockNs, this.readBuffer, this.spec.http2.streamsPerConnection);
  }

  private noteNegotiated(conn: H2ClientConnection): void {
    const key = conn.negotiated ?? 'none';
    this.stats.negotiated[key] = (this.stats.negotiated[key] ?? 0) + 1;
    if (Number.isFinite(conn.serverMaxStreams)) {
      this.stats.serverMaxStreams = Math.min(this.stats.serverMaxStreams ?? Number.POSITIVE_INFINITY, conn.serverMaxStreams);
    }
  }

  /** A ready connection with a free stream, round robin (so streams spread over the connections), or undefined. */
  nextFree(): H2ClientConnection | undefined {
    for (let tried = 0; tried < this.ready.length; tried++) {
      this.cursor = (this.cursor + 1) % this.ready.length;
      const conn = this.ready[this.cursor]!;
      if (conn.freeSlots > 0) return conn;
    }
    return undefined;
  }

  canTake(conn: H2ClientConnection): boolean {
    return conn.freeSlots > 0;
  }

  write(conn: H2ClientConnection, request: InFlightRequest): void {
    conn.send(request, this.request.frames, this.request.streamIdOffsets);
  }

  /** Opens connections for the waiting requests (S each) under the connect cap, or counts them as waiting for a slot. */
  openMore(waiting: number): void {
    const wanted = Math.min(Math.ceil(waiting / this.spec.http2.streamsPerConnection), minConnectsInProgress);
    while (this.connecting < wanted && this.open.size < this.maxConnections) {
      this.connecting += 1;
      this.open.add(this.connect(this));
    }
    if (this.open.size >= this.maxConnections && this.connecting === 0) {
      // Every stream of every connection is taken and no connection may be added: the requests due now wait.
      this.stats.streamSlotWaits += this.driver.due - Math.max(this.slotWaitMark, this.driver.sent);
      this.slotWaitMark = this.driver.due;
    }
  }

  onReady(conn: H2ClientConnection): void {
    const startNs = this.driver.clockNs();
    this.connecting -= 1;
    if (this.driver.phase === 'done') return conn.close('closed');
    this.noteNegotiated(conn);
    this.handshakes.record(conn.handshake, ((conn.readyNs ?? startNs) - conn.openedNs) / 1000);
    this.ready.push(conn);
    this.fill(conn, startNs);
    this.driver.busySince(startNs);
  }

  onResponse(conn: H2ClientConnection, request: H2Request, nowNs: number): void {
    if (this.driver.phase === 'done') return;
    // Busy time from here, not from the read's start: one read may carry many streams' responses.
    const workNs = this.driver.clockNs();
    this.driver.responded(request, request.status, nowNs);
    if (!conn.isClosed) this.fill(conn, nowNs);
    this.driver.settle();
    this.driver.busySince(workNs);
  }

  onStreamReset(conn: H2ClientConnection, _request: H2Request, code: string): void {
    this.stats.resets[code] = (this.stats.resets[code] ?? 0) + 1;
    if (this.driver.phase === 'done') return;
    this.driver.failed('reset');
    this.driver.settle();
    if (!conn.isClosed) this.fill(conn, this.driver.clockNs());
  }

  onGoAway(_conn: H2ClientConnection, code: string, failed: H2Request[]): void {
    this.stats.goaways[code] = (this.stats.goaways[code] ?? 0) + 1;
    if (this.driver.phase === 'done') return;
    this.driver.failed('closed', failed.length);
    this.driver.settle();
  }

  /** A connection with a free stream takes the oldest due requests at once. */
  private fill(conn: H2ClientConnection, nowNs: number): void {
    if (this.driver.phase === 'running') this.driver.feed(conn, nowNs);
  }

  onClosed(conn: H2ClientConnection, failed: H2Request[], kind: ErrorKind): void {
    this.open.delete(conn);
    const at = this.ready.indexOf(conn);
    if (at >= 0) this.ready.splice(at, 1);
    else {
      this.connecting -= 1;
      if (conn.negotiated !== undefined) this.noteNegotiated(conn); // refused h2 (ALPN chose something else)
    }
    if (this.driver.phase === 'done') return;
    this.driver.failed(kind, failed.length);
    if (at < 0) this.driver.failWaiting(kind); // a connect that failed, as in the HTTP/1.1 engine
    this.driver.settle();
    if (this.driver.phase === 'running' && this.driver.waiting > 0) this.driver.dispatch();
  }

  onBytesRead(bytes: number): void {
    this.driver.recorder.addBytesRead(bytes);
  }

  /** Streams past their deadline are reset and fail as 'timeout'; connects past the connect timeout are abandoned. */
  sweep(nowNs: number): void {
    for (const conn of [...this.open]) {
      if (conn.ready) {
        for (const stream of [...conn.streams.values()]) {
          if (stream.deadlineNs > nowNs) continue;
          conn.cancel(stream.streamId);
          this.driver.failed('timeout');
          this.driver.settle();
          if (this.driver.phase === 'done') return;
        }
        if (!conn.isClosed) this.fill(conn, nowNs);
      } else if (nowNs - conn.openedNs >= this.connectTimeoutNs * 2) {
        conn.close('connect-timeout');
      }
    }
  }

  /** Streams in flight finish on their connections; nothing to close early. */
  drain(): void {}

  finish(result: TrafficResult): TrafficResult {
    for (const conn of [...this.open]) conn.reset();
    const tls = this.handshakes.result();
    const http2: Http2TrafficStats = { protocol: this.spec.http2.protocol, streamsPerConnection: this.spec.http2.streamsPerConnection, ...this.stats };
    return { ...result, ...(tls === undefined ? {} : { tls }), http2 };
  }
}
