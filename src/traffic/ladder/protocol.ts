// Messages between the runner (client.ts) and the ladder worker process (worker.ts) that holds the connections.
import type { TargetAddress } from '../types.js';

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

export type ToWorker =
  | { type: 'init'; spec: HolderSpec }
  /** Open connections until `connections` are held (or attempts, or `timeoutMs`, run out). */
  | { type: 'open'; connections: number; timeoutMs: number }
  | { type: 'status' }
  /** Close every connection with a reset (no TIME_WAIT left behind on either side). */
  | { type: 'close' }
  | { type: 'exit' };

export type FromWorker = { type: 'status'; status: HolderStatus } | { type: 'error'; message: string; code?: string };

export function isFromWorker(value: unknown): value is FromWorker {
  const v = value as { type?: unknown; status?: unknown; message?: unknown } | null;
  if (v === null || typeof v !== 'object') return false;
  return (v.type === 'status' && typeof v.status === 'object' && v.status !== null) || (v.type === 'error' && typeof v.message === 'string');
}

export function isToWorker(value: unknown): value is ToWorker {
  const t = (value as { type?: unknown } | null)?.type;
  return t === 'init' || t === 'open' || t === 'status' || t === 'close' || t === 'exit';
}
