// What a load generator is asked to do and what it returns: plain data, passed between processes.
import type { EncodedHistogram } from '../measure/histogram.js';
import type { TlsKeyType, TlsMode, TlsVersion } from '../tls/key-types.js';

/** Where traffic goes. `host` must be in 127.0.0.0/8 (checked by assertLoopbackTarget). */
export interface TargetAddress {
  host: string;
  port: number;
}

/**
 * A target's address off loopback, vouched for by the runtime that started it: its container's address on a network
 * this run created (labelled proxybench.run=<runId>). Only a runtime sets one; the safety check accepts no other.
 */
export interface VouchedEndpoint {
  /** The container's address and listen port on that network. */
  address: TargetAddress;
  network: string;
  runId: string;
  /** Its network namespace's TCP tables (/proc/<pid>/net/tcp{,6}), where its connections are counted. */
  tcpTables: readonly string[];
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  /** Extra request headers; Host and Content-Length are set by the generator. */
  headers?: Record<string, string>;
  /** Request body size for POST (bytes of 'x'); 0 or absent means no body. */
  bodyBytes?: number;
}

/** TLS to the target (src/traffic/transport/tls.ts): the run's CA is the only one trusted; the mode is verified per connection. */
export interface TlsTransportSpec {
  kind: 'tls';
  mode: TlsMode;
  version: TlsVersion;
  /** The run's CA certificate (PEM). */
  caPem: string;
  /** The key type the server certificate must carry. */
  keyType: TlsKeyType;
  /** full / resumed: requests each connection carries before the generator closes it. */
  requestsPerConnection: number;
  /** ALPN protocols offered, in order (HTTP/2 phases: h2, http/1.1); absent: none offered (HTTP/1.1 phases). */
  alpn?: string[];
}

/** An HTTP/2 phase (src/traffic/open-loop-h2/): `h2` by ALPN over the TLS transport, `h2c` prior knowledge over plain TCP. */
export interface Http2PhaseSpec {
  protocol: 'h2' | 'h2c';
  /** Concurrent streams each connection may carry (the server's SETTINGS_MAX_CONCURRENT_STREAMS may lower it). */
  streamsPerConnection: number;
}

/** An HTTP/2 phase's connections: what each negotiated, the streams the servers allowed, what went wrong on a stream. */
export interface Http2TrafficStats {
  protocol: 'h2' | 'h2c';
  streamsPerConnection: number;
  /** Connections by what they negotiated: `h2` / `http/1.1` / `none` (ALPN over TLS), `h2c` (the server's SETTINGS arrived) or `not-h2` (it answered something else). */
  negotiated: Record<string, number>;
  /** Lowest SETTINGS_MAX_CONCURRENT_STREAMS a server announced (null: none did). */
  serverMaxStreams: number | null;
  /** Requests that, when due, found every stream of every connection taken and the connection cap reached (they queued). */
  streamSlotWaits: number;
  /** Streams the server reset (RST_STREAM), by error code name. */
  resets: Record<string, number>;
  /** GOAWAY frames received, by error code name. */
  goaways: Record<string, number>;
}

/** How bytes reach the target; absent means plain TCP. */
export type TransportSpec = { kind: 'plain' } | TlsTransportSpec;

/** Which share of a phase one generator worker of several drives; absent, the worker drives all of it. */
export interface WorkerShare {
  /** 0-based worker index. */
  index: number;
  /** Workers driving the phase together. */
  count: number;
}

/** What every phase spec may carry when several workers drive it together. */
interface SharedPhase {
  share?: WorkerShare;
  /**
   * Epoch ms at which the phase clock starts (t0), handed out by the coordinator so every worker's intervals are
   * counted from the same instant; the warm pool opens before it. Absent: as soon as the warm pool is open.
   */
  startAtEpochMs?: number;
  /**
   * Workers on other machines only: the one non-loopback host they may send to, a service the run defined itself
   * (see ownServiceName in safety.ts); the target's host must be exactly this name.
   */
  ownService?: string;
}

/** Maximum throughput at a fixed number of connections (autocannon drives it). */
export interface ClosedLoopSpec extends SharedPhase {
  kind: 'closed';
  target: TargetAddress;
  request: RequestSpec;
  connections: number;
  durationMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
  transport?: TransportSpec;
  /** HTTP/2 instead of HTTP/1.1 (run by h2load); absent: HTTP/1.1 (autocannon). */
  http2?: Http2PhaseSpec;
}

/** A constant arrival rate; latency measured from each request's intended send time. */
export interface OpenLoopSpec extends SharedPhase {
  kind: 'open';
  target: TargetAddress;
  request: RequestSpec;
  ratePerSec: number;
  /** Upper bound on concurrent connections (requests queue for a free one beyond it). */
  maxConnections: number;
  durationMs: number;
  timeoutMs: number;
  transport?: TransportSpec;
  /** HTTP/2 instead of HTTP/1.1 (the h2 engine); absent: HTTP/1.1. */
  http2?: Http2PhaseSpec;
}

export type TrafficSpec = ClosedLoopSpec | OpenLoopSpec;

/** One interval of the per-interval log (`.hlog`), times relative to the phase start. */
export interface IntervalHistogram {
  startMs: number;
  endMs: number;
  latencyUs: EncodedHistogram;
}

export interface TrafficResult {
  kind: TrafficSpec['kind'];
  /** Wall-clock epoch ms at the first intended send and at the end of the phase. */
  startedAtMs: number;
  endedAtMs: number;
  /** Completed requests (any status). */
  requests: number;
  /** Requests with a non-2xx status. */
  non2xx: number;
  /** Failures without a response: error kind (timeout, reset, refused, parse, closed, other) → count. */
  errors: Record<string, number>;
  statusCounts: Record<string, number>;
  /** Latency in µs. Open loop: from the intended send time (coordinated-omission corrected). */
  latencyUs: EncodedHistogram;
  /** Open loop only: from the actual send time (what an uncorrected tool would report). */
  uncorrectedLatencyUs?: EncodedHistogram;
  /** Per-second intervals of `latencyUs`. */
  intervals: IntervalHistogram[];
  /** Open loop only. */
  targetRatePerSec?: number;
  achievedRatePerSec: number;
  /** Open loop only: how late sends left compared with their intended time, µs. */
  sendLagUs?: EncodedHistogram;
  /**
   * Open loop only: how late the generator noticed each request was due (its timer and event-loop delays), µs.
   * Unlike sendLagUs it excludes waiting for a free connection, so it measures the generator, not the target.
   */
  schedulerLagUs?: EncodedHistogram;
  /** Open loop only: requests that were due but never sent before the phase ended. */
  unsent?: number;
  /** Open loop only: most due requests not yet sent at once — found due together, or waiting for a free connection (the queue the target built). */
  queuePeakRequests?: number;
  /** Fraction of wall time the generator spent doing work (0..1), where it can tell. */
  generatorBusyFraction?: number;
  bytesRead: number;
  bytesWritten: number;
  /** TLS phases: the handshakes of connections opened during the phase, as each connection reported it. */
  tls?: TlsConnectionStats;
  /** HTTP/2 phases: what each connection negotiated, stream limits and stream-level failures. */
  http2?: Http2TrafficStats;
  /** The phase could not run here (a tool it needs is missing): the reason and the fix. It has no figures. */
  unavailable?: string;
  /** The worker's share of the phase, when it was one of several. */
  share?: WorkerShare;
  /** With a common start time: how much later than it this worker's phase clock started, ms (0 when on time). */
  startLateMs?: number;
  /** Several workers drove the phase: each one's own result (the fields above are their exact merge). */
  workers?: TrafficResult[];
}

/** A TLS phase's connections: how many handshakes completed, how many resumed, what they negotiated. */
export interface TlsConnectionStats {
  mode: TlsMode;
  version: TlsVersion;
  requestsPerConnection: number | null;
  /** Connections whose TLS handshake completed: opened during the phase, plus (keepalive) the warm pool that carried it. */
  handshakes: number;
  /** Of those, the ones that resumed an earlier session (`isSessionReused()`). */
  resumed: number;
  /** Of those, the ones whose certificate did not verify against the run's CA (autocannon connects unverified). */
  unauthorized: number;
  /** Negotiated protocol (TLSv1.3 …) → connections. */
  protocols: Record<string, number>;
  /** Negotiated cipher suite (IANA name) → connections. */
  ciphers: Record<string, number>;
  /** ALPN's choice → connections (`none` when the server chose nothing); only when the phase offered ALPN. */
  alpn?: Record<string, number>;
  /** Open loop: connect start → handshake done, µs. */
  handshakeUs?: EncodedHistogram;
}
