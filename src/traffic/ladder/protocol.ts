// What the runner (client.ts) and the ladder worker process (worker.ts) that holds the connections exchange.
import type { TargetAddress, TransportSpec } from '../types.js';

/** What the worker holds: plain keep-alive connections to one target, each opened with one request. */
export interface HolderSpec {
  target: TargetAddress;
  /** The exact request bytes, sent once when a connection opens (and every `activeIntervalMs` while held, if set). */
  requestBase64: string;
  /** Active ladders: each held connection sends the request again this often; null = idle after the first exchange. */
  activeIntervalMs: number | null;
  /** Connections being opened at once (each one connects, sends its request and waits for the response). */
  openConcurrency: number;
  /** A request (connect included) without a complete response after this long fails the connection. */
  requestTimeoutMs: number;
  /** The worker closes everything and exits after this long, whatever the runner does (a bound on every loop). */
  lifetimeMs: number;
  /** How bytes reach the target (absent: plain TCP); a ladder over TLS holds keep-alive TLS connections. */
  transport?: TransportSpec;
  /**
   * HTTP/2 ladders (phase `protocol: h2 | h2c`): each held connection is an HTTP/2 connection (ALPN h2 over the TLS
   * transport, or h2c) whose request goes on a stream; `requestBase64` then holds its frames (stream id 1, rewritten
   * at `streamIdOffsets`).
   */
  http2?: { protocol: 'h2' | 'h2c'; streamIdOffsets: number[] };
}

/** The worker's counters, cumulative since it started unless said otherwise. */
export interface HolderStatus {
  /** Connections open now that completed their first exchange (held, from the client's side). */
  open: number;
  /** Connections that completed their first exchange. */
  opened: number;
  /** Connection attempts that failed before completing their first exchange. */
  failed: number;
  /** Held connections the other side closed (a proxy closing idle connections shows up here). */
  closedByPeer: number;
  /** Complete responses, any status. */
  responses: number;
  non2xx: number;
  /** Failures by kind: an errno code (ECONNREFUSED, EMFILE, …), timeout, closed or parse. */
  errors: Record<string, number>;
  /** The worker's own soft limit on open files (RLIMIT_NOFILE), null when unknown. */
  fdLimit: number | null;
}

/** The worker's methods (worker-kit calls): `open` opens until `connections` are held, `close` resets them all. */
export interface OpenRequest {
  connections: number;
  timeoutMs: number;
}
