// Tests of the incremental request framer with literal byte fixtures, split at every byte boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestFramer, type FramedRequest } from './framer.js';
import { RequestFramingError } from './errors.js';

type Summary = Pick<FramedRequest, 'method' | 'target' | 'httpMinor' | 'keepAlive' | 'bodyKind' | 'bodyBytes'>;

function summarize(r: FramedRequest): Summary {
  return { method: r.method, target: r.target, httpMinor: r.httpMinor, keepAlive: r.keepAlive, bodyKind: r.bodyKind, bodyBytes: r.bodyBytes };
}

/** Frames `pieces` pushed one after another; returns the requests and the error thrown, if any. */
function frame(pieces: Buffer[], limits?: ConstructorParameters<typeof RequestFramer>[1]): { requests: Summary[]; error?: unknown } {
  const requests: Summary[] = [];
  const framer = new RequestFramer((r) => requests.push(summarize(r)), limits);
  try {
    for (const piece of pieces) framer.push(piece);
  } catch (error) {
    return { requests, error };
  }
  return { requests };
}

/** Every way of cutting `bytes` in two, plus byte-at-a-time. */
function splits(bytes: Buffer): Buffer[][] {
  const result: Buffer[][] = [];
  for (let cut = 0; cut <= bytes.length; cut++) result.push([bytes.subarray(0, cut), bytes.subarray(cut)]);
  result.push(Array.from(bytes, (b) => Buffer.from([b])));
  return result;
}

function assertFramesEverySplit(text: string, expected: Summary[]): void {
  const bytes = Buffer.from(text, 'latin1');
  for (const pieces of splits(bytes)) {
    const { requests, error } = frame(pieces);
    assert.equal(error, undefined, `split ${pieces.map((p) => p.length).join('+')}: ${String(error)}`);
    assert.deepEqual(requests, expected, `split ${pieces.map((p) => p.length).join('+')}`);
  }
}

function assertRejectedEverySplit(text: string, reason: RegExp): void {
  const bytes = Buffer.from(text, 'latin1');
  for (const pieces of splits(bytes)) {
    const { error } = frame(pieces);
    assert.ok(error instanceof RequestFramingError, `split ${pieces.map((p) => p.length).join('+')} should fail`);
    assert.match(error.message, reason);
    assert.equal(error.code, 'MALFORMED_REQUEST');
  }
}

const get = (target: string, extra: Partial<Summary> = {}): Summary => ({
  method: 'GET', target, httpMinor: 1, keepAlive: true, bodyKind: 'none', bodyBytes: 0, ...extra,
});

test('a simple GET', () => {
  assertFramesEverySplit('GET /a?b=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: wrk\r\n\r\n', [get('/a?b=1')]);
});

test('pipelined requests come out in order, with Content-Length bodies discarded', () => {
  assertFramesEverySplit(
    'POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /1 HTTP/1.1\r\nhost: x\r\n\r\n' +
      'PUT /2 HTTP/1.1\r\nHOST: x\r\ncontent-length:  0 \r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n',
    [
      { ...get('/p'), method: 'POST', bodyKind: 'length', bodyBytes: 5 },
      get('/1'),
      { ...get('/2'), method: 'PUT' },
      get('/3'),
    ],
  );
});

test('chunked bodies with extensions and trailers, then a pipelined request', () => {
  assertFramesEverySplit(
    'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5;name=val\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n' +
      'GET /after HTTP/1.1\r\nHost: x\r\n\r\n',
    [{ ...get('/c'), method: 'POST', bodyKind: 'chunked', bodyBytes: 15 }, get('/after')],
  );
});

test('an empty chunked body and a coding list ending in chunked', () => {
  assertFramesEverySplit(
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n0\r\n\r\n',
    [{ ...get('/'), method: 'POST', bodyKind: 'chunked' }],
  );
});

test('HTTP/1.0 closes by default: later bytes are ignored', () => {
  assertFramesEverySplit('GET /x HTTP/1.0\r\n\r\nGET /y HTTP/1.0\r\n\r\n', [get('/x', { httpMinor: 0, keepAlive: false })]);
});

test('HTTP/1.0 with Connection: keep-alive stays open', () => {
  assertFramesEverySplit(
    'GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /y HTTP/1.0\r\n\r\n',
    [get('/x', { httpMinor: 0 }), get('/y', { httpMinor: 0, keepAlive: false })],
  );
});

test('Connection: close ends the connection after that request', () => {
  assertFramesEverySplit(
    'GET /x HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\nGET /y HTTP/1.1\r\nHost: x\r\n\r\n',
    [get('/x', { keepAlive: false })],
  );
});

test('empty lines before a request line are skipped', () => {
  assertFramesEverySplit('\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n', [get('/'), get('/2')]);
});

test('field values may hold obs-text and tabs', () => {
  assertFramesEverySplit('GET / HTTP/1.1\r\nHost: x\r\nX-A:\tcaf\xe9 \t\r\n\r\n', [get('/')]);
});

const malformed: [string, string, RegExp][] = [
  ['no request target', 'HELLO\r\n\r\n', /invalid method/],
  ['a TLS client hello', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', /invalid method|control byte/],
  ['bare LF line ends', 'GET / HTTP/1.1\nHost: x\n\n', /bare LF|CRLF/],
  ['HTTP/2.0 request line', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', /HTTP version/],
  ['missing Host in HTTP/1.1', 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\n', /Host/],
  ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', /Host/],
  ['space before the colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n', /field name/],
  ['obs-fold', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n', /field name/],
  ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1a\r\n\r\n', /Content-Length/],
  ['conflicting Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', /conflicting/],
  ['Content-Length and chunked', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n', /both/],
  ['a coding other than chunked', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n', /transfer coding/],
  ['chunked not final', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', /final/],
  ['a bad chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /chunk size/],
  ['chunk data without CRLF', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n', /CRLF/],
  ['a NUL in a field value', 'GET / HTTP/1.1\r\nHost: x\x00\r\n\r\n', /control byte|field value/],
];

for (const [name, text, reason] of malformed) {
  test(`malformed: ${name}`, () => assertRejectedEverySplit(text, reason));
}

test('a head larger than the limit is refused before its end arrives', () => {
  const { error } = frame([Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(200)}`)], {
    maxHeadBytes: 128, maxChunkMetaBytes: 64,
  });
  assert.ok(error instanceof RequestFramingError);
  assert.match(error.message, /too large/);
});

test('after an error the framer is finished and ignores input', () => {
  const seen: FramedRequest[] = [];
  const framer = new RequestFramer((r) => seen.push(r));
  assert.throws(() => framer.push(Buffer.from('BAD\r\n\r\n')), RequestFramingError);
  assert.equal(framer.finished, true);
  framer.push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  assert.equal(seen.length, 0);
});

test('atBoundary tells whether a partial request is held', () => {
  const framer = new RequestFramer(() => {});
  assert.equal(framer.atBoundary, true);
  framer.push(Buffer.from('GET / HTTP/1.1\r\nHo'));
  assert.equal(framer.atBoundary, false);
  framer.push(Buffer.from('st: x\r\n\r\n'));
  assert.equal(framer.atBoundary, true);
});
