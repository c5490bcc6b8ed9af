// The connection ladder's part of the run record (run.json): every step's connections and RSS, and the fit.
import type { LadderKind } from '../scenario/ladder-schema.js';

export interface LinearFit {
  /** Slope: extra bytes of RSS per extra connection held. */
  bytesPerConn: number;
  /** Intercept: the fitted RSS at zero connections, bytes. */
  baseBytes: number;
  /** Coefficient of determination, 0..1 (1 = every point on the line; also 1 when every RSS is the same). */
  r2: number;
  /** Points the fit used. */
  points: number;
}

export interface LadderStepRecord {
  /** Connections the scenario asked for at this step. */
  requested: number;
  /** Connections the ladder tried to hold: `requested`, or the fd cap when that is lower. */
  target: number;
  capped: boolean;
  /** Connections open at the client once the step's opening ended, each having completed its first exchange. */
  opened: number;
  /** Attempts in this step that failed before completing their first exchange. */
  failed: number;
  /** Server-side ESTABLISHED sockets on the proxy's listen port after settling (/proc/net/tcp); null if unreadable. */
  held: number | null;
  /** Server-side sockets in CLOSE_WAIT on the listen port then (closed by the client, not yet by the proxy). */
  closeWait: number | null;
  /** Connections still open at the client after settling. */
  clientOpen: number;
  /**
   * The step's memory, median of the settle window, bytes: RSS of the proxy's whole process tree (local), or the
   * container cgroup's working set, usage less inactive file cache, kernel memory included (docker).
   */
  rssBytes: number;
  /** Kernel memory charged to the proxy (a container's cgroup), bytes; null where the source cannot tell (local /proc). */
  kernelBytes: number | null;
  settled: boolean;
  /** From the end of the step's opening to the last RSS reading. */
  settleMs: number;
  settleSamples: number;
  settleSpreadPct: number;
  /** RSS of the ladder worker (the client side), bytes. */
  clientRssBytes: number | null;
  /** ms since the run started, at the last reading. */
  tMs: number;
}

export type LadderStatus = 'ok' | 'skipped' | 'incomplete' | 'failed';

export interface LadderRecord {
  /** The phase name. */
  name: string;
  /** A ladder over TLS (phase `tls`): every held connection is a verified TLS keep-alive connection. */
  tls?: { version: string; keyType: string };
  /** An HTTP/2 ladder (phase `protocol`): every held connection is an HTTP/2 connection (h2 by ALPN over TLS, or h2c) that carried one stream. */
  protocol?: 'h2' | 'h2c';
  kind: LadderKind;
  /** ok; skipped (nothing to measure: `direct`); incomplete (time limit or fd cap left steps out); failed (see `note`). */
  status: LadderStatus;
  /** Why it is not ok, and other facts a reader needs (held < opened, capped steps), as one line. */
  note: string | null;
  requestBodyBytes: number;
  responseBodyBytes: number;
  /** kind active: each held connection sends a request this often; null otherwise. */
  activeIntervalMs: number | null;
  settle: { intervalMs: number; window: number; tolerancePct: number; maxWaitMs: number };
  /** The fd limits the cap was derived from (client = the ladder worker's soft limit; proxy = its hard limit). */
  fdLimits: { client: number | null; proxy: number | null };
  /** Most connections a step may hold; null = no cap known. */
  capConnections: number | null;
  /** Requested steps left out because an earlier step was already capped, or the time limit passed. */
  stepsNotRun: number[];
  steps: LadderStepRecord[];
  /** Least squares of rssBytes on connections over the steps (x = held where measured, else opened). */
  fit: LinearFit | null;
  /**
   * The same fit of kernelBytes, where every step has it (containers: socket buffers, slab, page tables charged to
   * the cgroup, which `rssBytes` includes there); null where the source cannot tell (local /proc: RSS holds no kernel memory).
   */
  kernelFit?: LinearFit | null;
  fitOn: 'held' | 'opened';
  /** True when the proxy held fewer connections than were opened at some step (it closes idle connections). */
  closedByProxy: boolean;
  /** Requests the upstream answered during the ladder (proves the proxy forwarded them); null if unknown. */
  upstreamRequests: number | null;
  /** The ladder worker's totals: responses, non-2xx, failures by kind, connections the proxy closed. */
  client: { responses: number; non2xx: number; errors: Record<string, number>; closedByPeer: number };
  startMs: number;
  endMs: number;
}
