// Holds the ladder's connections in the worker process: opens them with bounded concurrency, keeps them, counts.
import { HeldConnection, type HeldEvents } from './held-connection.js';
import { HeldH2Connection } from './held-h2-connection.js';
import type { HolderSpec, HolderStatus } from './protocol.js';
import { createClientTransport } from '../transport/select.js';
import type { ClientTransport } from '../transport/transport.js';

/** Extra attempts allowed beyond the connections asked for, so a few failures do not end a step early. */
const spareAttempts = (wanted: number) => Math.max(20, Math.ceil(wanted * 0.05));

export class ConnectionHolder {
  private readonly held = new Set<HeldConnection>();
  private readonly opening = new Set<HeldConnection>();
  private readonly activeTimers = new Map<HeldConnection, NodeJS.Timeout>();
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private readonly request: Buffer;
  private readonly transport: ClientTransport;
  private readonly counts = { opened: 0, failed: 0, closedByPeer: 0, responses: 0, non2xx: 0 };
  private readonly errors: Record<string, number> = {};
  private wake: () => void = () => undefined;

  constructor(private readonly spec: HolderSpec, private readonly fdLimit: number | null) {
    this.request = Buffer.from(spec.requestBase64, 'base64');
    this.transport = createClientTransport(spec.http2 && spec.transport?.kind === 'tls' ? { ...spec.transport, alpn: ['h2', 'http/1.1'] } : spec.transport);
  }

  status(): HolderStatus {
    return { open: this.held.size, ...this.counts, errors: { ...this.errors }, fdLimit: this.fdLimit };
  }

  /** Opens connections until `wanted` are held, attempts run out, or `timeoutMs` passes; then reports. */
  async open(wanted: number, timeoutMs: number): Promise<HolderStatus> {
    let attemptsLeft = Math.max(0, wanted - this.held.size) + spareAttempts(wanted);
    const deadline = Date.now() + timeoutMs;
    while (this.held.size < wanted && Date.now() < deadline) {
      while (this.opening.size < this.spec.openConcurrency && this.held.size + this.opening.size < wanted && attemptsLeft > 0) {
        attemptsLeft--;
        this.opening.add(this.spec.http2
          ? new HeldH2Connection(this.spec.target, this.transport, { frames: this.request, streamIdOffsets: this.spec.http2.streamIdOffsets }, this.spec.requestTimeoutMs, this.events, this.readBuffer) as unknown as HeldConnection
          : new HeldConnection(this.spec.target, this.transport, this.request, this.spec.requestTimeoutMs, this.events, this.readBuffer));
      }
      if (this.opening.size === 0) break; // out of attempts
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const conn of this.opening) conn.reset(); // a step that ran out of time leaves nothing half-open
    this.opening.clear();
    return this.status();
  }

  /** Resets every connection (no TIME_WAIT on either side). */
  closeAll(): HolderStatus {
    for (const timer of this.activeTimers.values()) clearTimeout(timer);
    this.activeTimers.clear();
    for (const conn of [...this.held, ...this.opening]) conn.reset();
    this.held.clear();
    this.opening.clear();
    return this.status();
  }

  private readonly events: HeldEvents = {
    onHeld: (conn) => {
      this.opening.delete(conn);
      this.held.add(conn);
      this.counts.opened++;
      if (this.spec.activeIntervalMs !== null) this.scheduleActive(conn, Math.random() * this.spec.activeIntervalMs);
      this.wake();
    },
    onResponse: (status) => {
      this.counts.responses++;
      if (status < 200 || status > 299) this.counts.non2xx++;
    },
    onGone: (conn, wasHeld, kind) => {
      this.errors[kind] = (this.errors[kind] ?? 0) + 1;
      clearTimeout(this.activeTimers.get(conn));
      this.activeTimers.delete(conn);
      if (wasHeld) {
        this.held.delete(conn);
        this.counts.closedByPeer++;
      } else {
        this.opening.delete(conn);
        this.counts.failed++;
      }
      this.wake();
    },
  };

  /** Active ladders: the connection sends its request every interval (the first after a random share of one). */
  private scheduleActive(conn: HeldConnection, delayMs: number): void {
    const interval = this.spec.activeIntervalMs!;
    const timer = setTimeout(() => {
      conn.send();
      this.scheduleActive(conn, interval);
    }, delayMs);
    this.activeTimers.set(conn, timer);
  }
}
