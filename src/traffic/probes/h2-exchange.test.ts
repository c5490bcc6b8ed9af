// The HTTP/2 probe exchange against node:http2 (nghttp2): the probe's frames parse, a response ends the stream, a malformed request is reset.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { exchangeH2 } from './h2-exchange.js';

let server: http2.Http2Server;
let port = 0;
const seen: http2.IncomingHttpHeaders[] = [];
const bodies: string[] = [];

before(async () => {
  server = http2.createServer();
  server.on('stream', (stream, headers) => {
    seen.push(headers);
    let body = '';
    stream.on('data', (d: Buffer) => (body += d.toString('latin1')));
    stream.on('end', () => {
      bodies.push(body);
      stream.respond({ ':status': 200, 'x-pb-echo': String(headers[':path']) }, { endStream: true });
    });
    stream.on('error', () => {});
  });
  server.on('sessionError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => server.close());

const target = () => ({ kind: 'h2c' as const, address: { host: '127.0.0.1', port } });
const timing = { responseTimeoutMs: 1000, settleMs: 20 };

test('a POST with DATA: the server reads fields and body as sent; the response ends the stream', async () => {
  const x = await exchangeH2(target(), { fields: [[':method', 'POST'], [':scheme', 'http'], [':path', '/p30'], [':authority', 't'], ['x-a', 'b']], data: Buffer.from('hello') }, timing);
  assert.equal(x.responses[0]?.status, 200);
  assert.equal(x.responses[0]?.headers['x-pb-echo'], '/p30');
  assert.equal(x.responses[0]?.complete, true);
  assert.equal(x.end, 'END_STREAM');
  assert.equal(x.closed, 'fin');
  assert.equal(x.timedOut, false);
  assert.equal(seen.at(-1)!['x-a'], 'b');
  assert.equal(bodies.at(-1), 'hello');
});

test('an upper-case field name: nghttp2 resets the stream (PROTOCOL_ERROR), nothing reaches the handler', async () => {
  const before = seen.length;
  const x = await exchangeH2(target(), { fields: [[':method', 'GET'], [':scheme', 'http'], [':path', '/p32'], [':authority', 't'], ['X-Upper', '1']] }, timing);
  assert.equal(x.responses.length, 0);
  assert.equal(x.closed, 'reset');
  assert.equal(x.end, 'RST_STREAM PROTOCOL_ERROR');
  assert.equal(seen.length, before);
});

test('nothing listening: a connect error, not a verdict-bearing close', async () => {
  const x = await exchangeH2({ kind: 'h2c', address: { host: '127.0.0.1', port: 1 } }, { fields: [[':method', 'GET']] }, timing);
  assert.equal(x.closed, null);
  assert.ok(x.connectError !== null);
});
