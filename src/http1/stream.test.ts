// Reference parsers on literal bytes: where strict, lenient and chunk-variant readings part ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkVariantDialect, lenientDialect, oracleDialect, strictDialect } from './dialect.js';
import { describeParse, parseOne, parseStream } from './stream.js';
import { parseResponses } from './responses.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const read = (s: string) => Object.fromEntries([strictDialect, lenientDialect, chunkVariantDialect].map((d) => [d.name, describeParse(parseStream(b(s), d))]));
const S = 'GET /SMUG01 HTTP/1.1\r\nHost: t\r\n\r\n';

test('CL.TE: strict refuses, the CL reader sees one request with a 38-byte body, the TE reader two requests', () => {
  const r = read(`POST /p01 HTTP/1.1\r\nHost: t\r\nContent-Length: 38\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${S}`);
  assert.equal(r.strict, '0 req ! both Content-Length and Transfer-Encoding');
  assert.equal(r.lenient, '1 req: POST /p01 length:38');
  assert.equal(r['chunk-variant'], '2 req: POST /p01 chunked:0 | GET /SMUG01 none:0');
});

test('TERM.EXT (bare LF ends the chunk line): LF readers take 18 bytes, then garbage', () => {
  const r = read('POST /p15 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2;\nXX\r\n10\r\n1f\r\nAAAABBBBCCCC\r\n0\r\n\r\nDDDDEEEEFFFF\r\n0\r\n\r\n');
  assert.equal(r.strict, '0 req ! bare LF');
  assert.match(r.lenient!, /^1 req: POST \/p15 chunked:18 ! /);
});

test('lenient integers wrap at 2^64 and take a leading +; strict and the oracle refuse', () => {
  const wrap = b(`POST /p12 HTTP/1.1\r\nHost: t\r\nContent-Length: 18446744073709551649\r\n\r\n${S}`);
  assert.equal(describeParse(parseStream(wrap, lenientDialect)), '1 req: POST /p12 length:33');
  assert.equal(parseOne(wrap, 0, oracleDialect).kind, 'error');
  const chunk = b('POST /p18 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000001\r\nZ\r\n0\r\n\r\n');
  assert.equal(describeParse(parseStream(chunk, chunkVariantDialect)), '1 req: POST /p18 chunked:1');
  assert.equal(parseOne(chunk, 0, oracleDialect).kind, 'error');
});

test('obs-fold, bare LF heads, duplicate identical lengths', () => {
  const fold = read('POST /p04 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nX: y\r\n z\r\n\r\n');
  assert.equal(fold.strict, '0 req ! obs-fold');
  assert.equal(fold.lenient, '1 req: POST /p04 length:0');
  assert.equal(read('GET /p22 HTTP/1.1\nHost: t\n\n').lenient, '1 req: GET /p22 none:0');
  const same = b('POST /p12 HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc');
  assert.equal(describeParse(parseStream(same, oracleDialect)), '1 req: POST /p12 length:3');
  assert.equal(parseStream(same, strictDialect).end, 'error');
});

test('incomplete requests say so, with the head when only the body is missing', () => {
  const one = parseOne(b('POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nab'), 0, oracleDialect);
  assert.equal(one.kind, 'incomplete');
  assert.equal(one.kind === 'incomplete' && one.head?.target, '/x');
  assert.deepEqual(parseOne(b('GET /x HTT'), 0, strictDialect), { kind: 'incomplete' });
});

test('client side: interim responses skipped, chunked and close-delimited bodies, cut responses', () => {
  const got = parseResponses(b('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-PB-Echo: /a\r\n\r\n3\r\nabc\r\n0\r\n\r\nHTTP/1.0 400 Bad\r\n\r\nbye'), true);
  assert.deepEqual(got.interim, [100]);
  assert.deepEqual(got.responses.map((r) => [r.status, r.bodyBytes, r.complete, r.headers['x-pb-echo']]), [[200, 3, true, '/a'], [400, 3, true, undefined]]);
  assert.deepEqual(parseResponses(b('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc'), false).responses[0]!.complete, false);
  assert.equal(parseResponses(b('garbage'), true).garbageBytes, 7);
});
