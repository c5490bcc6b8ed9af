// The oracle upstream in process: raw bytes logged exactly, lenient framing, the scripted modes, reset, control connections left out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkFreshHealth } from '../traffic/probes/fresh-health.js';
import { exchange } from '../traffic/probes/raw-exchange.js';
import { createOracleClient, type OracleClient } from './oracle-client.js';
import { parseResponses } from '../http1/responses.js';
import { startUpstream, type UpstreamHandle } from '../upstream/server.js';

let oracle: UpstreamHandle;
let client: OracleClient;
const timing = { responseTimeoutMs: 1500, settleMs: 100 };
const send = (text: string) => ({ send: Buffer.from(text, 'latin1') });

before(async () => {
  oracle = await startUpstream({ host: '127.0.0.1', port: 0, bodyBytes: 0, latency: { distribution: 'none' }, oracle: true });
  client = createOracleClient({ host: oracle.host, port: oracle.port });
});
after(() => oracle.close());

test('records the exact bytes and frames CL.TE by Transfer-Encoding: two requests, each answered with its echo', async () => {
  const probe = 'POST /p01 HTTP/1.1\r\nHost: t\r\nContent-Length: 38\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /SMUG01 HTTP/1.1\r\nHost: t\r\n\r\n';
  const marker = await client.mark('default');
  const got = await exchange(oracle, [send(probe)], timing);
  const responses = parseResponses(got.bytes, true).responses;
  assert.deepEqual(responses.map((r) => [r.status, r.headers['x-pb-echo']]), [[200, '/p01'], [200, '/SMUG01']]);
  const log = await client.log(marker);
  assert.equal(log.connections.length, 1, 'the control connections are left out');
  const c = log.connections[0]!;
  assert.equal(Buffer.from(c.bytesBase64, 'base64').toString('latin1'), probe);
  assert.deepEqual(c.requests.map((r) => [r.method, r.target, r.framing, r.bodyBytes]), [['POST', '/p01', 'chunked', 0], ['GET', '/SMUG01', 'none', 0]]);
});

test('early-response: 401 as soon as the head is complete; the late body is read as body', async () => {
  const marker = await client.mark('early-response');
  const got = await exchange(oracle, [send('POST /p27 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\n'), { pauseMs: 300 }, send('hello')], timing);
  assert.deepEqual(parseResponses(got.bytes, true).responses.map((r) => r.status), [401]);
  const c = (await client.log(marker)).connections[0]!;
  assert.deepEqual(c.answers.map((a) => [a.status, a.why]), [[401, 'early-response']]);
  assert.deepEqual(c.requests.map((r) => r.bodyBytes), [5]);
});

test('body-timeout: 408 after the timeout, connection kept, the late bytes framed as a new request', async () => {
  const marker = await client.mark('body-timeout', 200);
  const got = await exchange(oracle, [send('POST /p28 HTTP/1.1\r\nHost: t\r\nContent-Length: 33\r\n\r\n'), { pauseMs: 500 }, send('GET /SMUG28 HTTP/1.1\r\nHost: t\r\n\r\n')], timing);
  assert.deepEqual(parseResponses(got.bytes, true).responses.map((r) => [r.status, r.headers['x-pb-echo']]), [[408, '/p28'], [200, '/SMUG28']]);
  const c = (await client.log(marker)).connections[0]!;
  assert.deepEqual(c.requests.map((r) => r.target), ['/p28', '/SMUG28']);
});

test('bytes the oracle cannot frame: 400 and close, the reason logged; reset drops what is open', async () => {
  let marker = await client.mark('default');
  const got = await exchange(oracle, [send('GET /p21 HTTP/1.1\r\nHost: t\r\nX: a\rb\r\n\r\n')], timing);
  assert.equal(got.closed, 'fin');
  assert.deepEqual(parseResponses(got.bytes, true).responses.map((r) => r.status), [400]);
  assert.match((await client.log(marker)).connections[0]!.answers[0]!.why, /bare CR/);
  marker = await client.mark('default');
  const partial = exchange(oracle, [send('POST /p13 HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc')], { responseTimeoutMs: 3000, settleMs: 100 });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await client.log(marker)).connections[0]!.pendingBytes, 3 + 'POST /p13 HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n'.length);
  await client.reset();
  assert.notEqual((await partial).closed, null, 'the reset closed the connection');
});

test('the health answer names the request it answers (nonce), so a leftover cannot pass for it', async () => {
  const fresh = await checkFreshHealth(oracle, (() => { let n = 0; return () => `n${++n}`; })());
  assert.deepEqual(fresh, { fresh: true });
  const got = await exchange(oracle, [send('GET /__pb/health?n=abc123 HTTP/1.1\r\nHost: t\r\n\r\n')], timing);
  assert.equal(parseResponses(got.bytes, true).responses[0]!.headers['x-pb-echo'], '/__pb/health?n=abc123');
});
