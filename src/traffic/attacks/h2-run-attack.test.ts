// The HTTP/2 attack loop against node:http2 servers (nghttp2 parses every frame), on a fake clock: frames bounded, resets counted, ALPN checked.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../shared/testing/manual-clock.js';
import { generateTlsMaterial, type TlsMaterial } from '../../tls/certificates.js';
import type { AttackerResult, AttackerSpec } from './protocol.js';
import { runAttack } from './run-attack.js';
import { bombField } from './h2-attack-frames.js';
import net from 'node:net';
import { connectionPreface, encodeFrame, ErrorCode, FrameReader, FrameType, settingsFrame } from '../transport/h2/frames.js';

let h2c: http2.Http2Server;
let secure: http2.Http2SecureServer;
let h1only: tls.Server;
let material: TlsMaterial;
let dir: string;
const seen: http2.IncomingHttpHeaders[] = [];
const port = (s: { address(): unknown }) => (s.address() as AddressInfo).port;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pb-h2-attack-'));
  material = await generateTlsMaterial(dir, 'rsa2048', new Date());
  const onStream = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
    seen.push(headers);
    stream.on('error', () => {});
    if (!stream.destroyed) stream.respond({ ':status': 200 }, { endStream: true });
  };
  h2c = http2.createServer({ maxHeaderListPairs: 2000, maxSessionMemory: 100 });
  h2c.on('stream', onStream);
  h2c.on('sessionError', () => {});
  secure = http2.createSecureServer({ cert: readFileSync(material.certFile), key: readFileSync(material.keyFile) });
  secure.on('stream', onStream);
  h1only = tls.createServer({ cert: readFileSync(material.certFile), key: readFileSync(material.keyFile), ALPNProtocols: ['http/1.1'] }, (s) => s.on('error', () => {}));
  await Promise.all([h2c, secure, h1only].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
});
after(async () => {
  for (const s of [h2c, secure, h1only]) s.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the attack on a fake clock stepped 10 ms per event-loop turn (real sockets; the attack's pace is its clock's). */
async function attack(spec: Partial<AttackerSpec> & Pick<AttackerSpec, 'kind'>, serverPort = port(h2c)): Promise<AttackerResult> {
  const full: AttackerSpec = { target: { host: '127.0.0.1', port: serverPort }, connections: 1, ratePerSec: 200, intervalMs: 100, depth: 8, durationMs: 600, h2: { via: 'h2c' }, nonce: 'n0nce', ...spec };
  const clock = new ManualClock();
  let result: AttackerResult | undefined;
  const running = runAttack(full, clock).then((r) => (result = r));
  await clock.run({ stepMs: 10, maxMs: full.durationMs + 1000, done: () => result !== undefined });
  return running;
}

test('rapid reset: HEADERS + RST_STREAM pairs, bounded by the frame budget, each request carrying the nonce', async () => {
  seen.length = 0;
  const r = await attack({ kind: 'h2-rapid-reset', maxFrames: 40 });
  const h = r.h2!;
  assert.equal(h.framesSent, 40);
  assert.equal(h.streamsOpened, 20);
  assert.equal(h.streamsResetByClient, 20);
  assert.equal(r.connectionsOpened, 1);
  assert.ok(seen.length > 0 && seen.every((s) => String(s[':path']).startsWith('/pb-attack/rapid-reset?pb-attack=n0nce&s=')), JSON.stringify(seen.slice(0, 2)));
});

test('made-you-reset: the server resets each stream after its WINDOW_UPDATE 0 (PROTOCOL_ERROR), the client resets none', async () => {
  const r = await attack({ kind: 'h2-made-you-reset', maxFrames: 20 });
  const h = r.h2!;
  assert.equal(h.streamsResetByClient, 0);
  assert.ok(h.streamsResetByProxy > 0 || h.goaways > 0, JSON.stringify(h));
  if (h.streamsResetByProxy > 0) assert.ok((h.proxyResetCodes.PROTOCOL_ERROR ?? 0) > 0, JSON.stringify(h.proxyResetCodes));
});

test('continuation flood: one HEADERS without END_HEADERS then CONTINUATIONs; no request completes', async () => {
  seen.length = 0;
  const r = await attack({ kind: 'h2-continuation-flood', maxFrames: 30, depth: 100 });
  assert.equal(r.h2!.streamsOpened, 1);
  assert.ok(r.h2!.framesSent <= 30 && r.h2!.framesSent > 1, String(r.h2!.framesSent));
  assert.equal(seen.length, 0);
});

test('ping and settings floods: frames bounded, the socket never read (no reply counted)', async () => {
  for (const kind of ['h2-ping-flood', 'h2-settings-flood'] as const) {
    const r = await attack({ kind, maxFrames: 50 });
    assert.equal(r.h2!.framesSent, 50, kind);
    assert.equal(r.h2!.responses, 0, kind);
  }
});

test('HPACK bomb: nghttp2 decodes `depth` references to the 4 KB table entry', async () => {
  seen.length = 0;
  await attack({ kind: 'h2-hpack-bomb', maxFrames: 3, depth: 5 });
  const bombed = seen.filter((s) => s['x-pb-bomb'] !== undefined);
  assert.ok(bombed.length >= 2, String(bombed.length));
  // The seeding request carries the field once; the next ones `depth` times (node joins repeats with ', ').
  assert.equal(String(bombed[1]!['x-pb-bomb']).split(', ').length, 5);
  assert.equal(String(bombed[1]!['x-pb-bomb']).split(', ')[0], bombField[1]);
});

test('TLS with ALPN h2 reaches the secure server; a listener that negotiates only http/1.1 is a failed connection, with why', async () => {
  seen.length = 0;
  const ok = await attack({ kind: 'h2-rapid-reset', maxFrames: 10, h2: { via: 'tls', caPem: material.caPem } }, port(secure));
  assert.equal(ok.connectionsOpened, 1);
  assert.equal(ok.h2!.streamsOpened, 5);
  const refused = await attack({ kind: 'h2-rapid-reset', maxFrames: 10, h2: { via: 'tls', caPem: material.caPem } }, port(h1only));
  assert.equal(refused.connectionsOpened, 0);
  assert.ok(refused.connectionsFailed > 0);
  assert.match(String(refused.h2!.firstError), /negotiated http\/1\.1, not h2|ALPN|no application protocol/i);
});

/**
 * An h2c server like the Rust h2 crate: WINDOW_UPDATE 0 on a stream is a connection error, GOAWAY(PROTOCOL_ERROR, last
 * stream) then close; `keepOpen`: GOAWAY and leave the connection open (as trafficserver does), for the client to close.
 */
function strictServer(keepOpen = false): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    const reader = new FrameReader(1 << 24);
    let prefaced = false;
    let pending = Buffer.alloc(0);
    let lastStreamId = 0;
    socket.write(settingsFrame([]));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!prefaced) {
        if (pending.length < connectionPreface.length) return;
        prefaced = true;
        pending = pending.subarray(connectionPreface.length);
      }
      for (const f of reader.push(pending)) {
        if (f.type === FrameType.HEADERS) lastStreamId = f.streamId;
        if (f.type === FrameType.WINDOW_UPDATE && f.streamId !== 0 && f.payload.readUInt32BE(0) === 0) {
          const goaway = Buffer.alloc(8);
          goaway.writeUInt32BE(lastStreamId, 0);
          goaway.writeUInt32BE(ErrorCode.PROTOCOL_ERROR, 4);
          if (keepOpen) socket.write(encodeFrame(FrameType.GOAWAY, 0, 0, goaway));
          else socket.end(encodeFrame(FrameType.GOAWAY, 0, 0, goaway));
          return;
        }
      }
      pending = Buffer.alloc(0);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('made-you-reset against a server that answers with GOAWAY: the frames through the stream it names are the ones taken', async () => {
  const server = await strictServer();
  try {
    const r = await attack({ kind: 'h2-made-you-reset', ratePerSec: 2000, maxFrames: 400, connections: 2 }, port(server));
    const h = r.h2!;
    assert.ok(h.goaways > 0 && h.goawayCodes.PROTOCOL_ERROR === h.goaways, JSON.stringify(h));
    // Each connection's first request and its WINDOW_UPDATE 0 were taken (its GOAWAY names stream 1); what followed met a closing connection.
    assert.equal(h.framesAccepted, 2 * h.goaways, JSON.stringify(h));
    assert.ok(h.framesSent > h.framesAccepted, JSON.stringify(h));
  } finally {
    server.close();
  }
});

test('a GOAWAY that leaves the connection open: the attacker closes it after its grace and opens a replacement, not counted as a cut', async () => {
  const server = await strictServer(true);
  try {
    const r = await attack({ kind: 'h2-made-you-reset', ratePerSec: 1000, maxFrames: 1_000_000, connections: 1, durationMs: 3500 }, port(server));
    const h = r.h2!;
    // 0 ms, ≈1 s, ≈2 s, ≈3 s: each connection refused at once, dropped a second later, replaced.
    assert.ok(h.droppedAfterGoaway! >= 2 && r.connectionsOpened === h.droppedAfterGoaway! + 1, JSON.stringify({ ...h, opened: r.connectionsOpened }));
    assert.equal(r.closedByProxy, 0);
    assert.equal(r.firstCutMs, null);
    assert.equal(h.framesAccepted, 2 * r.connectionsOpened, 'each connection took its first request and WINDOW_UPDATE 0');
  } finally {
    server.close();
  }
});
