// Raw TCP layer: owns the listening socket and every accepted connection, ids and timestamps them, hands byte chunks to a handler.
import type net from 'node:net';
import { EnvironmentError } from '../shared/errors.js';
import { epochNowUs } from './clock.js';
import { plainServerTransport } from './transport/plain.js';
import type { ServerTransport } from './transport/server-transport.js';

/** Receives the bytes of one connection. Created once per accepted connection. */
export interface ConnectionHandler {
  onData(chunk: Buffer): void;
  /** The peer sent FIN (half-close); the socket stays writable until the handler ends it. */
  onEnd(): void;
  onClose(): void;
}

export type HandlerFactory = (connection: RawConnection) => ConnectionHandler;

/** Why reading is paused; reading resumes when no reason is left. */
export const PauseReason = { writeBlocked: 1, handler: 2 } as const;

export class RawConnection {
  readonly openedAtUs = epochNowUs();
  closedAtUs: number | undefined;
  bytesRead = 0;
  bytesWritten = 0;
  private pauseReasons = 0;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
  ) {}

  get closed(): boolean {
    return this.closedAtUs !== undefined;
  }

  /** Queues bytes (no copy); returns false when the kernel buffer is full and the rest waits in memory. */
  write(data: Buffer): boolean {
    this.bytesWritten += data.length;
    return this.socket.write(data);
  }

  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
  }

  /** Sends FIN after the queued bytes. */
  end(): void {
    if (!this.closed) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  pauseReading(reason: number): void {
    if (this.pauseReasons === 0) this.socket.pause();
    this.pauseReasons |= reason;
  }

  isPausedFor(reason: number): boolean {
    return (this.pauseReasons & reason) !== 0;
  }

  resumeReading(reason: number): void {
    if ((this.pauseReasons & reason) === 0) return;
    this.pauseReasons &= ~reason;
    if (this.pauseReasons === 0 && !this.closed) this.socket.resume();
  }
}

export interface RawListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  createHandler: HandlerFactory;
  /** How connections are accepted (plain TCP by default; TLS hands over the socket once the handshake is done). */
  transport?: ServerTransport;
  /** Called after a connection closed (closedAtUs set). */
  onConnectionClosed?: (connection: RawConnection) => void;
}

export interface RawListener {
  readonly host: string;
  readonly port: number;
  readonly openConnections: number;
  /** Stops accepting, destroys open connections, resolves once the listening socket is closed. */
  close(): Promise<void>;
}

export function listenRaw(options: RawListenerOptions): Promise<RawListener> {
  const connections = new Set<RawConnection>();
  // Every accepted TCP socket, also those still in a TLS handshake (not yet a RawConnection): close() destroys them all.
  const sockets = new Set<net.Socket>();
  let nextId = 1;
  const server = (options.transport ?? plainServerTransport).createServer((socket) => {
    const connection = new RawConnection(nextId++, socket);
    connections.add(connection);
    attachConnection(connection, options.createHandler(connection), () => {
      connections.delete(connection);
      options.onConnectionClosed?.(connection);
    });
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)));
    server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        host: options.host,
        port: address.port,
        get openConnections() {
          return connections.size;
        },
        close: () => closeServer(server, connections, sockets),
      });
    });
  });
}

function attachConnection(connection: RawConnection, handler: ConnectionHandler, onClosed: () => void): void {
  const socket = connection.socket;
  const onDrain = () => connection.resumeReading(PauseReason.writeBlocked);
  socket.on('data', (chunk: Buffer) => {
    connection.bytesRead += chunk.length;
    handler.onData(chunk);
    if (socket.writableNeedDrain && !connection.closed && !connection.isPausedFor(PauseReason.writeBlocked)) {
      connection.pauseReading(PauseReason.writeBlocked);
      socket.once('drain', onDrain);
    }
  });
  socket.on('end', () => handler.onEnd());
  socket.on('error', () => {}); // 'close' follows; resets by peers are normal here.
  socket.on('close', () => {
    connection.closedAtUs = epochNowUs();
    handler.onClose();
    onClosed();
  });
}

function listenError(error: NodeJS.ErrnoException, options: RawListenerOptions): Error {
  if (error.code === 'EADDRINUSE') {
    return new EnvironmentError(`port ${options.port} is in use`, { hint: 'pick another --port, or 0 for a free one', cause: error });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES') {
    return new EnvironmentError(`cannot listen on ${options.host}:${options.port} (${error.code})`, { cause: error });
  }
  return error;
}

function closeServer(server: net.Server, connections: Set<RawConnection>, sockets: Set<net.Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const connection of connections) connection.destroy();
    for (const socket of sockets) socket.destroy();
  });
}
