// What the attacker process is asked to do and what it reports: plain data over IPC.
import type { TargetAddress } from '../types.js';
import type { AttackKind } from '../../scenario/adversarial-schema.js';
import type { StreamTls } from '../transport/stream.js';

export interface AttackerSpec {
  kind: AttackKind;
  target: TargetAddress;
  /** Most attack connections open at once (and in total for the slow kinds). */
  connections: number;
  /** Slow kinds and connection-flood: new connections per second. Floods: batches or requests per second. */
  ratePerSec: number;
  intervalMs: number;
  depth: number;
  durationMs: number;
  /** HTTP/2 attacks: how the h2 listener at `target` is reached, the frame budget, and the nonce their requests carry (`?pb-attack=`). */
  h2?: { via: 'h2c' } | { via: 'tls'; caPem: string };
  maxFrames?: number;
  nonce?: string;
  /** TLS kinds: the run's CA and the listener's version (the target is the proxy's TLS listener). */
  tls?: StreamTls;
  /** tls-handshake-flood: keep each connection open after its handshake (else close it at once). */
  hold?: boolean;
  /** tls-hello-dribble: ClientHello bytes sent on each connection every interval. */
  dribbleBytes?: number;
}

/** What an HTTP/2 attack saw, besides the connection counts every attack reports. */
export interface H2AttackerResult {
  /** Attack frames written (the preface and our first SETTINGS not counted). */
  framesSent: number;
  /**
   * Attack frames the proxy took, summed over connections: where every unit opens a stream, those of the streams up to
   * its first GOAWAY's last stream id; else those written before its GOAWAY or close and not still queued here.
   */
  framesAccepted: number;
  /** Request streams opened (HEADERS sent). */
  streamsOpened: number;
  /** Streams the attacker reset (RST_STREAM sent) and streams the proxy reset (RST_STREAM received), by error code name. */
  streamsResetByClient: number;
  streamsResetByProxy: number;
  proxyResetCodes: Record<string, number>;
  /** GOAWAY frames received, by error code name. */
  goaways: number;
  goawayCodes: Record<string, number>;
  /** Connection age at its first GOAWAY, ms: first (earliest over connections) and median; the code of the earliest. */
  firstGoawayMs: number | null;
  medianGoawayMs: number | null;
  firstGoawayCode: string | null;
  /** Response header blocks received (their statuses are in `statuses`). */
  responses: number;
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS as last seen (null: none advertised). */
  maxConcurrentStreams: number | null;
  /** Why a connection failed before it was ready (e.g. the TLS listener did not negotiate h2), first one. */
  firstError: string | null;
  /** Connections still connecting (TCP or TLS handshake) when the attack ended. */
  connectingAtEnd?: number;
  /** Connections the attacker closed itself, the proxy not having closed them within a second of its GOAWAY (each replaced). */
  droppedAfterGoaway?: number;
}

/** What the TLS attacks add to the counts (absent for the others). */
export interface TlsAttackCounts {
  /** tls-handshake-flood: handshakes completed and verified against the run's CA. */
  handshakes: number;
  /** Of those, resumed (never offered: should stay 0, the flood is of full handshakes). */
  resumed: number;
  /** Connections that failed after TCP connect and before the handshake completed, by error code. */
  handshakeErrors: Record<string, number>;
  /** tls-handshake-flood: connections whose handshake was still under way when the attack ended (a starved attacker). */
  handshakesInProgressAtEnd: number;
  /** tls-hello-dribble: size of the ClientHello dribbled, bytes, and the connections that got all of it out. */
  clientHelloBytes: number | null;
  helloesCompleted: number;
}

export interface AttackerResult {
  kind: AttackKind;
  durationMs: number;
  connectionsOpened: number;
  connectionsFailed: number;
  maxOpen: number;
  /** Attack connections the proxy closed (FIN or reset) while the attack ran. */
  closedByProxy: number;
  /** Connection age when the proxy closed it or answered 408, ms: first and median (null when it never did). */
  firstCutMs: number | null;
  medianCutMs: number | null;
  /** Status lines received on attack connections, by status. */
  statuses: Record<string, number>;
  requestsSent: number;
  bytesSent: number;
  bytesReceived: number;
  h2?: H2AttackerResult;
  tls?: TlsAttackCounts;
}

