// Open-loop engine: a constant arrival rate over raw keep-alive sockets, latency measured from intended send times.
import { systemClock, type Clock } from '../../shared/clock.js';
import { ConfigError } from '../../shared/errors.js';
import type { ErrorKind } from '../recorder.js';
import { buildRequestBytes } from '../request.js';
import { assertLoopbackTarget } from '../safety.js';
import type { OpenLoopSpec, TrafficResult } from '../types.js';
import { Connection, type ConnectionEvents } from './connection.js';
import { ScheduleDriver, shareRate, type Dispatcher, type InFlightRequest } from './driver.js';
import type { SpinYield } from './spin-yield.js';
import { preconnect, warmPoolSize } from './preconnect.js';
import { openLoopProblems } from './spec.js';
import { shareConnections } from '../share.js';
import type { ParsedResponse } from './response-parser.js';
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
 * phase clock starts at that common instant. `clock` is the time source (tests pass a fake one); `spinYield` the
 * real-time yield while spinning (spin-yield.ts).
 */
export async function runOpenLoop(spec: OpenLoopSpec, clock: Clock = systemClock(), spinYield?: SpinYield): Promise<TrafficResult> {
  assertLoopbackTarget(spec.target, spec.ownService);
  const problems = openLoopProblems(spec);
  if (spec.share && shareConnections(spec.maxConnections, spec.share) === 0) problems.push(`${spec.share.count} workers cannot share ${spec.maxConnections} connections: use at most as many workers as connections`);
  if (problems.length > 0) throw new ConfigError('the open-loop spec is invalid', problems);
  const requestBytes = buildRequestBytes(spec.target, spec.request);
  const transport = createClientTransport(spec.transport);
  return new OpenLoopRun(spec, requestBytes, transport, clock, spinYield).run();
}

/** The HTTP/1.1 side of a phase: one request per connection at a time, an idle pool, connects within the caps. */
class OpenLoopRun implements ConnectionEvents, Dispatcher<Connection> {
  private readonly driver: ScheduleDriver<Connection>;
  private readonly handshakes: HandshakeRecorder;
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();
  private readonly connectTimeoutNs: number;
  /** Connects one sweep already found past the connect timeout (the next sweep abandons them). */
  private readonly lateConnects = new WeakSet<Connection>();
  /** Shared by every connection of this run: each read is parsed before the next can land. */
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  /** This worker's share of the phase's connection cap. */
  private readonly maxConnections: number;
  /** Connects this worker may have in progress at once (connectsInProgressCap). */
  private readonly connectCap: number;
  private connecting = 0;

  constructor(
    private readonly spec: OpenLoopSpec,
    private readonly requestBytes: Buffer,
    private readonly transport: ClientTransport,
    private readonly clock: Clock,
    spinYield?: SpinYield,
  ) {
    this.driver = new ScheduleDriver(spec, clock, requestBytes.length, spinYield);
    this.handshakes = new HandshakeRecorder(spec.transport);
    this.connectTimeoutNs = Math.min(connectTimeoutMs, spec.timeoutMs) * 1e6;
    this.maxConnections = shareConnections(spec.maxConnections, spec.share);
    this.connectCap = connectsInProgressCap(shareRate(spec), this.maxConnections, spec.transport);
  }

  run(): Promise<TrafficResult> {
    return this.driver.run(this, () => this.warm(this.driver.clockNs));
  }

  /** Opens the warm pool before t0; its kept connections carry the phase's first requests. */
  private async warm(clockNs: () => number): Promise<void> {
    const pool = this.transport.warmPool(warmPoolSize(shareRate(this.spec), this.maxConnections));
    const warm = await preconnect(this.spec.target, this.transport, pool.open, this.spec.timeoutMs, clockNs, this.readBuffer, this.clock);
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
  }

  nextFree(): Connection | undefined {
    return this.idle.pop();
  }

  canTake(conn: Connection): boolean {
    return conn.inFlight === undefined && !conn.isClosed;
  }

  write(conn: Connection, request: InFlightRequest): void {
    conn.write(request, this.requestBytes);
  }

  /** Opens connections for the waiting requests while under the connect cap and the connection cap. */
  openMore(waiting: number): void {
    const wanted = Math.min(waiting, this.connectCap);
    while (this.connecting < wanted && this.open.size < this.maxConnections) {
      this.connecting += 1;
      this.open.add(new Connection(this.spec.target, this.transport, this, this.driver.clockNs, this.readBuffer));
    }
  }

  onConnected(conn: Connection): void {
    const startNs = this.driver.clockNs();
    this.connecting -= 1;
    if (this.driver.phase === 'done') return conn.close('closed');
    this.handshakes.record(conn.handshake, ((conn.readyNs ?? startNs) - conn.openedNs) / 1000);
    this.reuse(conn, startNs);
    this.driver.busySince(startNs);
  }

  onResponse(conn: Connection, request: InFlightRequest, response: ParsedResponse, nowNs: number): void {
    if (this.driver.phase === 'done') return;
    this.driver.responded(request, response.statusCode, nowNs);
    if (!conn.isClosed) this.reuse(conn, nowNs);
    this.driver.settle();
    this.driver.busySince(nowNs);
  }

  /** A ready connection takes the oldest due request at once, or waits in the idle pool. */
  private reuse(conn: Connection, nowNs: number): void {
    if (this.driver.phase !== 'running') return conn.close('closed');
    this.driver.feed(conn, nowNs);
    if (conn.inFlight === undefined) this.idle.push(conn);
  }

  onClosed(conn: Connection, failed: InFlightRequest | undefined, kind: ErrorKind): void {
    this.open.delete(conn);
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
    if (!conn.connected) this.connecting -= 1;
    if (this.driver.phase === 'done') return;
    if (failed !== undefined) this.driver.failed(kind);
    else if (!conn.connected) this.driver.failWaiting(kind);
    this.driver.settle();
    if (this.driver.phase === 'running' && this.driver.waiting > 0) this.driver.dispatch(); // replace the lost connection
  }

  onBytesRead(bytes: number): void {
    this.driver.recorder.addBytesRead(bytes);
  }

  /**
   * Requests past their deadline fail as 'timeout'. A connect past the connect timeout is abandoned ('connect-timeout') by the
   * second sweep that finds it late, so that an I/O poll runs in between: after the generator itself stalled, a
   * connect that completed meanwhile is delivered first instead of being torn down.
   */
  sweep(nowNs: number): void {
    for (const conn of [...this.open]) {
      if (conn.connected) {
        if (conn.inFlight !== undefined && conn.inFlight.deadlineNs <= nowNs) conn.close('timeout');
      } else if (nowNs - conn.openedNs >= this.connectTimeoutNs) {
        if (this.lateConnects.has(conn)) conn.close('connect-timeout');
        else this.lateConnects.add(conn);
      }
    }
  }

  drain(): void {
    for (const conn of this.idle.splice(0)) conn.close('closed');
  }

  finish(result: TrafficResult): TrafficResult {
    for (const conn of [...this.open]) conn.close('closed');
    const tls = this.handshakes.result();
    return tls === undefined ? result : { ...result, tls };
  }
}
