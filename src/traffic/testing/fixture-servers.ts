// In-process loopback HTTP servers for the traffic tests: fixed delay, resets, silence, Connection: close, chunked.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { Clock } from '../../shared/clock.js';

export interface FixtureServerOptions {
  /** Delay before each response, ms (on `clock` when given, so a test on a fake clock delays in fake time). */
  delayMs?: number;
  clock?: Clock;
  /** Reset (RST) the connection instead of answering every Nth request (1-based). */
  resetEvery?: number;
  /** Never answer. */
  silent?: boolean;
  /** Answer with Connection: close. */
  closeAfterResponse?: boolean;
  /** Send the body chunked in two writes. */
  chunked?: boolean;
  bodyBytes?: number;
}

export interface FixtureServer {
  port: number;
  /** Requests seen so far (answered or not). */
  requestCount(): number;
  /** Connections accepted so far. */
  connectionCount(): number;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1, port 0. */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  let seen = 0;
  const body = Buffer.alloc(options.bodyBytes ?? 16, 'b');
  const respond = (res: ServerResponse) => {
    if (res.destroyed) return;
    if (options.closeAfterResponse) res.setHeader('Connection', 'close');
    if (!options.chunked) {
      res.setHeader('Content-Length', body.length);
      res.end(body);
      return;
    }
    res.write(body.subarray(0, 1));
    res.end(body.subarray(1));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen += 1;
    const n = seen;
    req.resume();
    req.on('end', () => {
      if (options.silent) return;
      if (options.resetEvery !== undefined && n % options.resetEvery === 0) {
        req.socket.resetAndDestroy();
        return;
      }
      const delayMs = options.delayMs ?? 0;
      if (delayMs > 0 && options.clock) options.clock.timer(() => respond(res), delayMs);
      else if (delayMs > 0) setTimeout(() => respond(res), delayMs);
      else respond(res);
    });
  });
  let connections = 0;
  server.on('connection', () => { connections += 1; });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requestCount: () => seen,
    connectionCount: () => connections,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
export async function unusedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A raw TCP server answering each request with fixed bytes (and closing after it, for close-delimited bodies). */
export async function startRawServer(response: Buffer, options: { endAfterResponse?: boolean } = {}): Promise<FixtureServer> {
  let seen = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      const requests = chunk.toString('latin1').split('\r\n\r\n').length - 1;
      for (let i = 0; i < requests; i++) {
        seen += 1;
        if (options.endAfterResponse) return void socket.end(response);
        socket.write(response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requestCount: () => seen,
    connectionCount: () => connections,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
