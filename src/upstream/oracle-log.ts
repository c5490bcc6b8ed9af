// The oracle's record of every upstream connection: exact bytes received, requests framed, answers given, with sequence marks.
import { epochNowUs } from './clock.js';

export interface OracleRequest {
  seq: number;
  atUs: number;
  method: string;
  target: string;
  version: string;
  framing: string;
  bodyBytes: number;
  /** Host field values as received (evidence for absolute-form and duplicate-Host probes). */
  hosts: string[];
  /** Names of the fields, lower case, in order. */
  fieldNames: string[];
}

export interface OracleAnswer {
  seq: number;
  atUs: number;
  status: number;
  /** Why: 'request', 'early-response', 'body-timeout', or the framing error for a 400. */
  why: string;
}

interface ConnectionLog {
  id: number;
  openedAtUs: number;
  closedAtUs: number | null;
  closedBy: 'peer' | 'oracle' | null;
  /** Its first request was an oracle control call (the prober's own connection): left out of snapshots. */
  control: boolean;
  chunks: { seq: number; bytes: Buffer }[];
  requests: OracleRequest[];
  answers: OracleAnswer[];
  pendingBytes: number;
  lastSeq: number;
}

/** One connection's activity after a mark, as served by GET /__pb/oracle/log (JSON). */
export interface OracleConnectionSnapshot {
  id: number;
  openedAtUs: number;
  closedAtUs: number | null;
  closedBy: 'peer' | 'oracle' | null;
  /** Bytes received after the mark, base64. */
  bytesBase64: string;
  requests: OracleRequest[];
  answers: OracleAnswer[];
  /** Bytes received but not framed yet (a partial request) at snapshot time. */
  pendingBytes: number;
  truncated: boolean;
}

export interface OracleSnapshot {
  since: number;
  now: number;
  connections: OracleConnectionSnapshot[];
}

/** Stored bytes over all connections; beyond it bytes are counted (truncated) but not kept. */
const maxStoredBytes = 64 * 1024 * 1024;
/** Closed connections kept; older ones are forgotten first. */
const maxClosedConnections = 512;

export class OracleLog {
  private seq = 0;
  private storedBytes = 0;
  private truncatedAfter = Infinity;
  private readonly connections = new Map<number, ConnectionLog>();

  /** A mark: a snapshot `since` it holds only what happened afterwards. */
  mark(): number {
    return ++this.seq;
  }

  open(id: number): void {
    this.connections.set(id, { id, openedAtUs: epochNowUs(), closedAtUs: null, closedBy: null, control: false, chunks: [], requests: [], answers: [], pendingBytes: 0, lastSeq: ++this.seq });
  }

  chunk(id: number, bytes: Buffer): void {
    const c = this.connections.get(id);
    if (!c) return;
    c.lastSeq = ++this.seq;
    if (this.storedBytes + bytes.length > maxStoredBytes) {
      this.truncatedAfter = Math.min(this.truncatedAfter, this.seq);
      return;
    }
    this.storedBytes += bytes.length;
    c.chunks.push({ seq: this.seq, bytes });
  }

  request(id: number, request: Omit<OracleRequest, 'seq' | 'atUs'>): void {
    const c = this.connections.get(id);
    if (c) c.requests.push({ ...request, seq: (c.lastSeq = ++this.seq), atUs: epochNowUs() });
  }

  answer(id: number, status: number, why: string): void {
    const c = this.connections.get(id);
    if (c) c.answers.push({ seq: (c.lastSeq = ++this.seq), atUs: epochNowUs(), status, why });
  }

  setPending(id: number, bytes: number): void {
    const c = this.connections.get(id);
    if (c) c.pendingBytes = bytes;
  }

  markControl(id: number): void {
    const c = this.connections.get(id);
    if (c) c.control = true;
  }

  close(id: number, by: 'peer' | 'oracle'): void {
    const c = this.connections.get(id);
    if (!c) return;
    c.closedAtUs = epochNowUs();
    c.closedBy ??= by;
    c.lastSeq = ++this.seq;
    this.forgetOldClosed();
  }

  /** Every non-control connection open now or active after `since`. */
  snapshot(since: number): OracleSnapshot {
    const connections = [...this.connections.values()]
      .filter((c) => !c.control && (c.closedAtUs === null || c.lastSeq > since))
      .map((c): OracleConnectionSnapshot => ({
        id: c.id, openedAtUs: c.openedAtUs, closedAtUs: c.closedAtUs, closedBy: c.closedBy,
        bytesBase64: Buffer.concat(c.chunks.filter((k) => k.seq > since).map((k) => k.bytes)).toString('base64'),
        requests: c.requests.filter((r) => r.seq > since),
        answers: c.answers.filter((a) => a.seq > since),
        pendingBytes: c.pendingBytes,
        truncated: this.truncatedAfter !== Infinity && c.lastSeq >= this.truncatedAfter,
      }));
    return { since, now: this.seq, connections };
  }

  /** Forgets everything recorded (the connections themselves are the caller's to close). */
  clear(): void {
    for (const [id, c] of this.connections) {
      if (c.closedAtUs !== null) this.connections.delete(id);
      else Object.assign(c, { chunks: [], requests: [], answers: [] });
    }
    this.storedBytes = 0;
    this.truncatedAfter = Infinity;
  }

  private forgetOldClosed(): void {
    const closed = [...this.connections.values()].filter((c) => c.closedAtUs !== null);
    for (const c of closed.slice(0, Math.max(0, closed.length - maxClosedConnections))) {
      this.storedBytes -= c.chunks.reduce((n, k) => n + k.bytes.length, 0);
      this.connections.delete(c.id);
    }
  }
}
