// One connection the ladder holds: connects, sends its request, reads the response, then stays open (idle or active).
import type { Socket } from 'node:net';
import type { TargetAddress } from '../types.js';
import type { ClientTransport } from '../transport/transport.js';
import { ResponseParser } from '../open-loop/response-parser.js';

export interface HeldEvents {
  /** The first exchange completed: the proxy has accepted the connection and answered on it. */
  onHeld(conn: HeldConnection): void;
  /** A complete response (the first one included). */
  onResponse(status: number): void;
  /** The connection is gone: before its first exchange completed (`wasHeld` false) or after. */
  onGone(conn: HeldConnection, wasHeld: boolean, kind: string): void;
}

export class HeldConnection {
  held = false;
  private inFlight = false;
  /** Connected (and, over TLS, handshaken): requests may be written. */
  private ready = false;
  private gone = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly socket: Socket;
  private readonly parser = new ResponseParser();

  /** Reads land in `readBuffer`, shared by every connection (each read is parsed before the callback returns). */
  constructor(
    target: TargetAddress,
    private readonly transport: ClientTransport,
    private readonly request: Buffer,
    private readonly timeoutMs: number,
    private readonly events: HeldEvents,
    readBuffer: Buffer,
  ) {
    const onread = { buffer: readBuffer, callback: (bytes: number, buffer: Uint8Array) => this.onRead(bytes, buffer) };
    this.socket = transport.connect(target, onread);
    this.arm();
    this.socket.on(transport.readyEvent, () => {
      this.ready = true;
      this.send();
    });
    this.socket.on('end', () => this.fail('closed'));
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(error.code ?? 'other'));
    this.socket.on('close', () => this.fail('closed'));
  }

  /** Sends the request again (active ladders); skipped while the previous one is still in flight. */
  send(): boolean {
    if (this.gone || this.inFlight || !this.ready) return false;
    this.inFlight = true;
    this.arm();
    this.socket.write(this.request);
    return true;
  }

  /** Closes with a reset (RST): neither side keeps the socket in TIME_WAIT. */
  reset(): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.timer);
    this.transport.reset(this.socket);
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail('timeout'), this.timeoutMs);
  }

  private onRead(bytes: number, buffer: Uint8Array): boolean {
    if (!this.inFlight) {
      this.fail('parse'); // bytes nobody asked for
      return true;
    }
    const result = this.parser.feed(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
    if (result.kind === 'more') return true;
    if (result.kind === 'error' || !result.response.keepAlive || result.extraBytes > 0) {
      if (result.kind === 'complete') this.events.onResponse(result.response.statusCode);
      this.fail(result.kind === 'error' ? 'parse' : 'closed');
      return true;
    }
    this.inFlight = false;
    clearTimeout(this.timer);
    this.parser.reset();
    this.events.onResponse(result.response.statusCode);
    if (!this.held) {
      this.held = true;
      this.events.onHeld(this);
    }
    return true;
  }

  private fail(kind: string): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.timer);
    this.socket.destroy();
    this.events.onGone(this, this.held, kind);
  }
}
