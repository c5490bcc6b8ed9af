// proxybench "node" variant: a minimal HTTP/1.1 reverse proxy on node:http, no dependencies.
//
//   node proxy.mjs --listen-host=127.0.0.1 --listen-port=8080 \
//                  --upstream-host=127.0.0.1 --upstream-port=9000 [--pool=64] [--workers=1]
//                  [--tls-port=8443 --tls-cert=chain.pem --tls-key=key.pem --tls-version=1.3]
//                  [--h2c-port=8081] [--h2-max-streams=128 --h2-window=65535]
//
// With --tls-port, a second listener (node:http2 with allowHTTP1, Node's bundled OpenSSL) serves the same proxy over
// TLS, HTTP/2 by ALPN (h2, http/1.1), pinned to one version, with stateless session tickets (Node's default) for
// resumption. With --h2c-port, a third listener serves cleartext HTTP/2 with prior knowledge (node:http2). The
// upstream side stays plaintext HTTP/1.1.
//
// Limits and timeouts match the other variants (see docker/README.md):
//   request headers 16 KiB total (431 above), request body 1 MiB (413 above),
//   client keep-alive idle 60 s, upstream connect 5 s (502), upstream response 60 s (504),
//   idle keep-alive pool of --pool connections to the upstream, no access log.
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    'listen-host': { type: 'string', default: '127.0.0.1' },
    'listen-port': { type: 'string' },
    'upstream-host': { type: 'string', default: '127.0.0.1' },
    'upstream-port': { type: 'string' },
    pool: { type: 'string', default: '64' },
    workers: { type: 'string', default: '1' },
    'tls-port': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-version': { type: 'string', default: '1.3' },
    'h2c-port': { type: 'string' },
    'h2-max-streams': { type: 'string', default: '128' },
    'h2-window': { type: 'string', default: '65535' },
  },
});
const TLS_PORT = args['tls-port'] === undefined ? undefined : Number(args['tls-port']);
if (TLS_PORT !== undefined && (!Number.isInteger(TLS_PORT) || TLS_PORT < 1 || !args['tls-cert'] || !args['tls-key'] || !['1.2', '1.3'].includes(args['tls-version']))) {
  console.error('proxy.mjs: --tls-port needs a port, --tls-cert, --tls-key and --tls-version 1.2 or 1.3');
  process.exit(2);
}

const H2C_PORT = args['h2c-port'] === undefined ? undefined : Number(args['h2c-port']);
const H2_SETTINGS = { maxConcurrentStreams: Number(args['h2-max-streams']), initialWindowSize: Number(args['h2-window']) };
for (const [name, v] of [['h2c-port', H2C_PORT ?? 1], ['h2-max-streams', H2_SETTINGS.maxConcurrentStreams], ['h2-window', H2_SETTINGS.initialWindowSize]]) {
  if (!Number.isInteger(v) || v < 1) {
    console.error(`proxy.mjs: --${name} must be a positive integer`);
    process.exit(2);
  }
}

const LISTEN_HOST = args['listen-host'];
const LISTEN_PORT = Number(args['listen-port']);
const UPSTREAM_HOST = args['upstream-host'];
const UPSTREAM_PORT = Number(args['upstream-port']);
const POOL = Number(args.pool);
const WORKERS = Number(args.workers);
for (const [name, v] of [['listen-port', LISTEN_PORT], ['upstream-port', UPSTREAM_PORT], ['pool', POOL], ['workers', WORKERS]]) {
  if (!Number.isInteger(v) || v < 1) {
    console.error(`proxy.mjs: --${name} must be a positive integer`);
    process.exit(2);
  }
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;
const CLIENT_IDLE_MS = 60_000;
const UPSTREAM_CONNECT_MS = 5_000;
const UPSTREAM_RESPONSE_MS = 60_000;
/** How long an idle pooled upstream connection is kept (nginx's upstream keepalive_timeout default). */
const UPSTREAM_IDLE_MS = 60_000;

// Hop-by-hop headers (RFC 9110 7.6.1) are never forwarded, nor any header named in Connection.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Copies a rawHeaders list ([name, value, name, value, ...]) without the hop-by-hop headers (and HTTP/2's pseudo-headers). */
function forwardHeaders(raw) {
  let extra = null;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length === 10 && raw[i].toLowerCase() === 'connection') {
      for (const token of raw[i + 1].split(',')) {
        const t = token.trim().toLowerCase();
        if (t && t !== 'close' && t !== 'keep-alive') (extra ??= new Set()).add(t);
      }
    }
  }
  const out = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (HOP_BY_HOP.has(lower) || (extra !== null && extra.has(lower)) || lower.startsWith(':')) continue;
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}

function runWorker() {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: Infinity, // like nginx/haproxy: open as many as the load needs ...
    maxFreeSockets: POOL, // ... and keep at most POOL of them idle.
    timeout: UPSTREAM_IDLE_MS, // idle timeout of pooled sockets
    scheduling: 'lifo',
  });

  /**
   * An HTTP/2 client stream that is already gone (reset by the client, or its session closed): answering it would throw
   * ERR_HTTP2_INVALID_STREAM (Node 18 in the image) and end the process.
   */
  function streamGone(res) {
    return res.stream !== undefined && (res.stream.destroyed || res.stream.closed);
  }

  /** Sends a short error answer unless a response is already under way; closes an HTTP/1.1 client connection. */
  function fail(res, status) {
    if (streamGone(res)) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `${status} ${http.STATUS_CODES[status]}\n`;
    const h2 = res.stream !== undefined;
    res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), ...(h2 ? {} : { connection: 'close' }) });
    res.end(body);
  }

  /** The request's headers for the upstream: an HTTP/2 request's :authority becomes its Host (HTTP/1.1 upstream). */
  function upstreamHeaders(req) {
    const headers = forwardHeaders(req.rawHeaders);
    if (req.httpVersionMajor !== 2 || req.headers.host !== undefined) return headers;
    const authority = req.headers[':authority'];
    return authority === undefined ? headers : ['host', authority, ...headers];
  }

  /** Response headers for the client: HTTP/1.1 takes the raw list; HTTP/2 a lower-cased object (repeated names as arrays). */
  function clientHeaders(res, raw) {
    const kept = forwardHeaders(raw);
    if (res.stream === undefined) return kept;
    const out = {};
    for (let i = 0; i < kept.length; i += 2) {
      const name = kept[i].toLowerCase();
      out[name] = out[name] === undefined ? kept[i + 1] : [].concat(out[name], kept[i + 1]);
    }
    return out;
  }

  function proxy(req, res, attempt) {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) {
      fail(res, 413);
      return;
    }
    const hasBody = declared !== undefined ? Number(declared) > 0 : req.headers['transfer-encoding'] !== undefined;

    let done = false;
    const upstreamReq = http.request({
      host: UPSTREAM_HOST,
      port: UPSTREAM_PORT,
      method: req.method,
      path: req.url,
      headers: upstreamHeaders(req),
      agent,
      setHost: false, // the client's Host is forwarded as is (like the other variants)
    });

    upstreamReq.on('socket', (socket) => {
      if (socket.connecting) {
        const timer = setTimeout(() => upstreamReq.destroy(Object.assign(new Error('upstream connect timeout'), { code: 'PB_CONNECT_TIMEOUT' })), UPSTREAM_CONNECT_MS);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      }
    });
    upstreamReq.setTimeout(UPSTREAM_RESPONSE_MS, () => {
      upstreamReq.destroy(Object.assign(new Error('upstream response timeout'), { code: 'PB_RESPONSE_TIMEOUT' }));
    });

    upstreamReq.on('response', (upstreamRes) => {
      if (streamGone(res)) {
        done = true;
        upstreamRes.resume(); // drained, so the upstream connection goes back to the pool
        return;
      }
      if (res.stream === undefined) res.writeHead(upstreamRes.statusCode, upstreamRes.statusMessage, clientHeaders(res, upstreamRes.rawHeaders));
      else res.writeHead(upstreamRes.statusCode, clientHeaders(res, upstreamRes.rawHeaders));
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
      upstreamRes.on('end', () => (done = true));
    });

    upstreamReq.on('error', (err) => {
      if (done) return;
      done = true;
      // A pooled connection the upstream closed while idle: retry a body-less request once on a fresh one.
      if (upstreamReq.reusedSocket && !hasBody && attempt === 0 && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
        proxy(req, res, 1);
        return;
      }
      fail(res, err.code === 'PB_RESPONSE_TIMEOUT' ? 504 : 502);
    });

    // The client went away before the response was complete: drop the upstream exchange.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });

    if (!hasBody) {
      upstreamReq.end();
      return;
    }
    let received = 0;
    req.on('data', (chunk) => {
      received += chunk.length;
      if (received > MAX_BODY_BYTES) {
        req.unpipe(upstreamReq);
        done = true;
        upstreamReq.destroy();
        fail(res, 413);
        req.resume();
        return;
      }
    });
    req.on('error', () => upstreamReq.destroy());
    req.pipe(upstreamReq);
  }

  const serverOptions = {
    maxHeaderSize: MAX_HEADER_BYTES,
    keepAliveTimeout: CLIENT_IDLE_MS,
    headersTimeout: CLIENT_IDLE_MS,
    requestTimeout: 0, // no total-request cap; idle limits above and the upstream timeouts apply
  };
  const handle = (req, res) => proxy(req, res, 0);
  const servers = [http.createServer(serverOptions, handle)];
  const listens = [[servers[0], LISTEN_PORT]];
  // HTTP/2 (docker/README.md, "HTTP/2"): the same stream limit and initial window as every variant; a stream's
  // request headers are limited like HTTP/1.1's (16 KiB); idle sessions end after the same 60 s.
  const h2Options = { settings: H2_SETTINGS, maxHeaderListPairs: 256, maxSendHeaderBlockLength: MAX_HEADER_BYTES };
  if (TLS_PORT !== undefined) {
    const version = args['tls-version'] === '1.2' ? 'TLSv1.2' : 'TLSv1.3';
    const tls = { cert: readFileSync(args['tls-cert']), key: readFileSync(args['tls-key']), minVersion: version, maxVersion: version };
    // allowHTTP1: a client offering http/1.1 (or no ALPN) gets node's HTTP/1.1 server with the options below.
    const secure = http2.createSecureServer({ ...serverOptions, ...tls, ...h2Options, allowHTTP1: true }, handle);
    secure.maxHeaderSize = MAX_HEADER_BYTES;
    secure.requestTimeout = 0;
    secure.setTimeout(CLIENT_IDLE_MS);
    servers.push(secure);
    listens.push([secure, TLS_PORT]);
  }
  if (H2C_PORT !== undefined) {
    const h2c = http2.createServer(h2Options, handle);
    h2c.setTimeout(CLIENT_IDLE_MS);
    servers.push(h2c);
    listens.push([h2c, H2C_PORT]);
  }
  for (const server of servers) {
    // keepAliveTimeout is also accepted as an option since Node 18; set it explicitly for older 20.x too.
    server.keepAliveTimeout = CLIENT_IDLE_MS;
    server.headersTimeout = CLIENT_IDLE_MS;
    server.on('clientError', (err, socket) => {
      if (!socket.writable || socket.destroyed) return;
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
  }
  for (const [server, port] of listens) server.listen(port, LISTEN_HOST);

  const stop = () => {
    for (const server of servers) {
      server.close();
      server.closeAllConnections?.();
    }
    agent.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (WORKERS > 1 && cluster.isPrimary) {
  // Several processes sharing the listening socket (cluster); the default benchmark uses one.
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  const stop = () => {
    for (const w of Object.values(cluster.workers)) w.kill('SIGTERM');
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers).length === 0) process.exit(0);
  });
} else {
  runWorker();
}
