// End-to-end tests of the HTTP/2 open-loop engine against in-process node:http2 servers, on a fake clock (no wall time).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSecureServer, createServer, type Http2Server, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { test } from 'node:test';
import { decodeHistogram } from '../../measure/histogram.js';
import { ManualClock } from '../../shared/testing/manual-clock.js';
import { tempDir } from '../../testing/cli.js';
import { generateTlsMaterial } from '../../tls/certificates.js';
import type { OpenLoopSpec, TlsTransportSpec, TrafficResult } from '../types.js';
import { runOpenLoopH2 } from './engine.js';

type H2Spec = OpenLoopSpec & { http2: NonNullable<OpenLoopSpec['http2']> };

function spec(port: number, overrides: Partial<H2Spec> = {}): H2Spec {
  return {
    kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/x', headers: { 'X-Case': 'Upper' } },
    ratePerSec: 200, maxConnections: 2, durationMs: 500, timeoutMs: 1000, http2: { protocol: 'h2c', streamsPerConnection: 4 }, ...overrides,
  };
}

async function onClock(s: H2Spec): Promise<TrafficResult> {
  const clock = new ManualClock();
  let result: TrafficResult | undefined;
  const running = runOpenLoopH2(s, clock).then((r) => (result = r));
  await clock.run({ stepMs: 1, maxMs: s.durationMs + 2 * s.timeoutMs + 1000, done: () => result !== undefined });
  return running;
}

async function listen<S extends Server>(server: S): Promise<{ server: S; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const seen: { path: string; authority: string; header: string | undefined }[] = [];
const answer = (req: Http2ServerRequest, res: Http2ServerResponse) => {
  seen.push({ path: req.url, authority: String(req.headers[':authority']), header: req.headers['x-case'] as string | undefined });
  res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
  res.end('hello');
};

test('h2c: every scheduled request answered over HTTP/2 streams, corrected and uncorrected latency, the protocol per connection', async () => {
  const { server, port } = await listen<Http2Server>(createServer(answer));
  try {
    seen.length = 0;
    const r = await onClock(spec(port));
    assert.equal(r.requests, 100, 'rate × duration requests');
    assert.deepEqual(r.statusCounts, { 200: 100 });
    assert.deepEqual(r.errors, {});
    assert.equal(r.http2?.protocol, 'h2c');
    assert.ok((r.http2?.negotiated.h2c ?? 0) >= 1, JSON.stringify(r.http2));
    assert.deepEqual(Object.keys(r.http2?.negotiated ?? {}), ['h2c']);
    assert.ok(r.uncorrectedLatencyUs && r.schedulerLagUs && r.sendLagUs);
    // The request as the server got it: its path, host:port as :authority, header names lower-cased.
    assert.deepEqual(seen[0], { path: '/x', authority: `127.0.0.1:${port}`, header: 'Upper' });
    assert.equal(r.unsent, 0);
  } finally {
    server.close();
  }
});

test('the server\'s stream limit caps the streams in flight, and when every stream is taken the requests wait ("no stream slot free")', async () => {
  // A server that holds every response until the phase is nearly over, and allows 2 streams a connection.
  const held: Http2ServerResponse[] = [];
  const { server, port } = await listen<Http2Server>(createServer({ settings: { maxConcurrentStreams: 2 } }, (_req, res) => {
    held.push(res);
    if (held.length === 4) setTimeout(() => { for (const h of held.splice(0)) h.end('late'); }, 50).unref();
  }));
  try {
    const r = await onClock(spec(port, { ratePerSec: 100, durationMs: 300, maxConnections: 2, http2: { protocol: 'h2c', streamsPerConnection: 8 } }));
    assert.equal(r.http2?.serverMaxStreams, 2);
    assert.ok((r.http2?.streamSlotWaits ?? 0) > 0, JSON.stringify(r.http2));
    assert.ok((r.queuePeakRequests ?? 0) >= 1);
  } finally {
    server.close();
  }
});

test('over TLS a server that does not choose h2 by ALPN leaves no HTTP/2 connection: the phase says which protocol it got', async () => {
  const material = await generateTlsMaterial(tempDir('h2-engine'), 'rsa2048', new Date());
  const tls: TlsTransportSpec = { kind: 'tls', mode: 'keepalive', version: '1.3', caPem: material.caPem, keyType: 'rsa2048', requestsPerConnection: 1 };
  const cert = { cert: readFileSync(material.certFile), key: readFileSync(material.keyFile) };
  const h1 = await listen(createHttpsServer({ ...cert, ALPNProtocols: ['http/1.1'] }, (_req, res) => res.end('h1')));
  const h2 = await listen<Http2SecureServer>(createSecureServer(cert, answer));
  try {
    const refused = await onClock(spec(h1.port, { transport: tls, http2: { protocol: 'h2', streamsPerConnection: 4 }, durationMs: 200 }));
    assert.equal(refused.requests, 0);
    assert.ok((refused.http2?.negotiated['http/1.1'] ?? 0) >= 1, JSON.stringify(refused.http2));
    assert.equal(refused.http2?.negotiated.h2, undefined);
    const ok = await onClock(spec(h2.port, { transport: tls, http2: { protocol: 'h2', streamsPerConnection: 4 } }));
    assert.equal(ok.requests, 100);
    assert.ok((ok.tls?.alpn?.h2 ?? 0) >= 1, JSON.stringify(ok.tls));
    assert.deepEqual(Object.keys(ok.http2?.negotiated ?? {}), ['h2']);
  } finally {
    h1.server.close();
    h2.server.close();
  }
});

test('the shared schedule driver: a worker starting 300 ms after T0 keeps the schedule of T0, and under a spin yield it sleeps while it spins', async () => {
  const { server, port } = await listen<Http2Server>(createServer(answer));
  try {
    const clock = new ManualClock();
    const lateMs = 300;
    const t0EpochMs = clock.epochMs() - lateMs;
    const s = spec(port, { ratePerSec: 2000, durationMs: 1000, maxConnections: 4, startAtEpochMs: t0EpochMs, share: { index: 1, count: 2 } });
    let result: TrafficResult | undefined;
    const running = runOpenLoopH2(s, clock, { everyNs: 900_000, forNs: 100_000 }).then((r) => (result = r));
    await clock.run({ stepMs: 1, maxMs: 6000, done: () => result !== undefined });
    const r = await running;
    const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
    assert.equal(r.requests + errors + r.unsent!, 1000, 'its share of the one schedule');
    assert.equal(r.startedAtMs, t0EpochMs, 'its phase clock starts at T0, not at its own start');
    assert.ok(r.startLateMs! >= lateMs, `it says how late it came up: ${r.startLateMs}`);
    assert.ok(r.endedAtMs - t0EpochMs < s.durationMs + lateMs / 2, `ends with the others: ${r.endedAtMs - t0EpochMs} ms after T0`);
    assert.ok(decodeHistogram(r.latencyUs).maxValue >= (lateMs - 20) * 1000, 'the request due at T0 is timed from T0');
    assert.ok(clock.blocks >= 10, `slept while spinning (${clock.blocks} times)`);
    assert.equal(clock.blockedNs, clock.blocks * 100_000);
  } finally {
    server.close();
  }
});
