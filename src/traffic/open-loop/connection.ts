// One HTTP/1.1 connection on a raw socket (plain or TLS, by its transport) with at most one request in flight.
import type { Socket } from 'node:net';
import type { TargetAddress } from '../types.js';
import type { ClientTransport, HandshakeInfo } from '../transport/transport.js';
import { classifySocketError, type ErrorKind } from '../recorder.js';
import { ResponseParser, type ParsedResponse } from './response-parser.js';
import type { InFlightRequest } from './driver.js';

export type { InFlightRequest };

export interface ConnectionEvents {
  /** The socket connected and can take a request. */
  onConnected(conn: Connection): void;
  /** A complete response for `request`, seen at `nowNs`. The connection is idle again (or closed, if not keepAlive). */
  onResponse(conn: Connection, request: InFlightRequest, response: ParsedResponse, nowNs: number): void;
  /** The connection is gone (check `conn.connected`); `failed` is the request it took down with it (error `kind`). */
  onClosed(conn: Connection, failed: InFlightRequest | undefined, kind: ErrorKind): void;
  onBytesRead(bytes: number): void;
}

export class Connection {
  inFlight: InFlightRequest | undefined;
  connected = false;
  /** When the connect started (ns, phase clock): a connect that takes longer than the connect timeout is abandoned. */
  readonly openedNs: number;
  /** When it became ready (after the TLS handshake, if any), ns on the phase clock. */
  readyNs: number | undefined;
  /** The TLS handshake as the transport saw it; undefined for plain TCP. */
  handshake: HandshakeInfo | undefined;
  /** Responses completed on this connection; the transport may close it after a number of them. */
  private responses = 0;
  private readonly socket: Socket;
  private readonly parser = new ResponseParser();
  private closed = false;

  /**
   * Opens the socket at once. Reads land in `readBuffer`
   * (Node's `onread`: no Buffer allocated per read, no stream machinery), which the owner may share between
   * connections because each read is parsed before the callback returns and the parser keeps no view of it.
   */
  constructor(
    target: TargetAddress,
    private readonly transport: ClientTransport,
    private events: ConnectionEvents,
    private readonly clockNs: () => number,
    readBuffer: Buffer,
  ) {
    this.openedNs = clockNs();
    const onread = { buffer: readBuffer, callback: (bytes: number, buffer: Uint8Array) => this.onRead(bytes, buffer) };
    this.socket = transport.connect(target, onread);
    this.socket.on(transport.readyEvent, () => {
      this.connected = true;
      this.readyNs = clockNs();
      this.handshake = transport.handshake(this.socket);
      this.events.onConnected(this);
    });
    this.socket.on('end', () => this.onEnd());
    this.socket.on('error', (error) => this.close(classifySocketError(error)));
    this.socket.on('close', () => this.close('closed'));
  }

  /** Hands a connected, idle connection to a new owner (the warm pool to the engine). */
  adopt(events: ConnectionEvents): void {
    this.events = events;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes a request's bytes; the caller has set `writeNs` just before. */
  write(request: InFlightRequest, bytes: Buffer): void {
    this.inFlight = request;
    this.socket.write(bytes);
  }

  /** Tears the connection down; an in-flight request fails with `kind`. Safe to call more than once. */
  close(kind: ErrorKind): void {
    if (this.closed) return;
    this.closed = true;
    const failed = this.inFlight;
    this.inFlight = undefined;
    this.socket.destroy();
    this.events.onClosed(this, failed, kind);
  }

  private onRead(bytes: number, buffer: Uint8Array): boolean {
    this.onData(buffer, bytes);
    return true;
  }

  /** `bytes` bytes read into the start of `buffer` (parsed in place: no Buffer made per read). */
  private onData(buffer: Uint8Array, bytes: number): void {
    const nowNs = this.clockNs();
    this.events.onBytesRead(bytes);
    const request = this.inFlight;
    if (request === undefined) return this.close('parse'); // bytes nobody asked for
    const result = this.parser.feed(buffer, bytes);
    if (result.kind === 'more') return;
    if (result.kind === 'error') return this.close('parse');
    this.responses += 1;
    const limit = this.transport.requestsPerConnection;
    const more = limit === undefined || this.responses < limit;
    this.complete(request, result.response, nowNs, result.response.keepAlive && result.extraBytes === 0 && more);
  }

  private onEnd(): void {
    const request = this.inFlight;
    const response = request !== undefined ? this.parser.finish() : undefined;
    if (request !== undefined && response !== undefined) this.complete(request, response, this.clockNs(), false);
    else this.close('closed');
  }

  private complete(request: InFlightRequest, response: ParsedResponse, nowNs: number, reusable: boolean): void {
    this.inFlight = undefined;
    this.parser.reset();
    if (!reusable) {
      this.closed = true;
      this.socket.destroy();
    }
    this.events.onResponse(this, request, response, nowNs);
    if (!reusable) this.events.onClosed(this, undefined, 'closed');
  }
}
