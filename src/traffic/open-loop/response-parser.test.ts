// Tests for the incremental response parser on literal byte fixtures, split at every byte boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseParser, type FeedResult, type ParsedResponse } from './response-parser.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

const fixtures: Array<{ name: string; raw: string; expected: ParsedResponse }> = [
  {
    name: 'content-length',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello',
    expected: { statusCode: 200, keepAlive: true, bodyBytes: 5 },
  },
  {
    name: 'chunked with extension and trailer',
    raw: 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nB\r\n, world!!!!\r\n0\r\nX-Trailer: 1\r\n\r\n',
    expected: { statusCode: 201, keepAlive: true, bodyBytes: 16 },
  },
  {
    name: 'chunked without trailer, lower-case hex',
    raw: 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\n\r\n',
    expected: { statusCode: 200, keepAlive: true, bodyBytes: 10 },
  },
  {
    name: 'zero-length body',
    raw: 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
    expected: { statusCode: 404, keepAlive: true, bodyBytes: 0 },
  },
  {
    name: '204 has no body',
    raw: 'HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n',
    expected: { statusCode: 204, keepAlive: true, bodyBytes: 0 },
  },
  {
    name: 'connection close',
    raw: 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye',
    expected: { statusCode: 503, keepAlive: false, bodyBytes: 3 },
  },
  {
    name: 'look-alike header names are ignored, framing names are case-insensitive',
    raw: 'HTTP/1.1 200 OK\r\nContent-Lengtx: 9\r\nCONTENT-LENGTH:2\r\nX-Transfer-Encodin: chunked\r\nConnection: Keep-Alive, Close\r\n\r\nok',
    expected: { statusCode: 200, keepAlive: false, bodyBytes: 2 },
  },
  {
    name: 'HTTP/1.0 with keep-alive',
    raw: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok',
    expected: { statusCode: 200, keepAlive: true, bodyBytes: 2 },
  },
  {
    name: 'chunked as the last of several codings, list elements padded, HTTP/1.0 kept alive by a list, no reason phrase',
    raw: 'HTTP/1.0 200\r\nTransfer-Encoding: gzip , Chunked \r\nConnection:\tupgrade,  Keep-Alive \r\n\r\n2\r\nok\r\n0\r\n\r\n',
    expected: { statusCode: 200, keepAlive: true, bodyBytes: 2 },
  },
  {
    name: '100 Continue before the final response',
    raw: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx',
    expected: { statusCode: 200, keepAlive: true, bodyBytes: 1 },
  },
];

function expectComplete(result: FeedResult, expected: ParsedResponse, label: string): void {
  assert.equal(result.kind, 'complete', `${label}: ${JSON.stringify(result)}`);
  if (result.kind !== 'complete') return;
  assert.deepEqual(result.response, expected, label);
  assert.equal(result.extraBytes, 0, label);
}

for (const { name, raw, expected } of fixtures) {
  test(`${name}: whole, split at every boundary, byte by byte`, () => {
    const all = bytes(raw);
    expectComplete(new ResponseParser().feed(all), expected, 'whole');
    for (let k = 0; k < all.length; k++) {
      const parser = new ResponseParser();
      assert.deepEqual(parser.feed(all.subarray(0, k)), { kind: 'more' }, `split ${k}`);
      expectComplete(parser.feed(all.subarray(k)), expected, `split ${k}`);
    }
    const parser = new ResponseParser();
    for (let k = 0; k < all.length - 1; k++) assert.equal(parser.feed(all.subarray(k, k + 1)).kind, 'more', `byte ${k}`);
    expectComplete(parser.feed(all.subarray(all.length - 1)), expected, 'last byte');
  });
}

test('close-delimited body (no length, or chunked not the last coding) completes on finish(), at every split', () => {
  for (const all of [bytes('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nabcdef'), bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nabcdef')]) {
    for (let k = 0; k <= all.length; k++) {
      const parser = new ResponseParser();
      assert.equal(parser.feed(all.subarray(0, k)).kind, 'more');
      assert.equal(parser.feed(all.subarray(k)).kind, 'more');
      assert.deepEqual(parser.finish(), { statusCode: 200, keepAlive: false, bodyBytes: 6 });
    }
  }
});

test('a response cut short gives no response on finish()', () => {
  for (const raw of ['', 'HTTP/1.1 200 OK\r\nContent-Le', 'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab']) {
    const parser = new ResponseParser();
    assert.equal(parser.feed(bytes(raw)).kind, 'more');
    assert.equal(parser.finish(), undefined, raw);
  }
  assert.equal(new ResponseParser().hasStarted(), false);
});

test('malformed responses are errors', () => {
  const bad = [
    'HTTP/2 200 OK\r\n\r\n',
    'SSH-2.0-OpenSSH\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
    'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abc\r\n',
    'HTTP/1.1 200OK\r\n\r\n',
    'HTTP/1.1 099 Low\r\n\r\n',
    'HTTP/1.1 200 O\rK\r\n\r\n',
    'HTTP/1.1 200 OK\r\n: no name\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\n',
  ];
  for (const raw of bad) {
    const parser = new ResponseParser();
    assert.equal(parser.feed(bytes(raw)).kind, 'error', raw);
    assert.equal(parser.feed(bytes('more')).kind, 'error', 'stays failed');
  }
});

test('an oversized head is an error, not unbounded buffering', () => {
  const parser = new ResponseParser();
  assert.equal(parser.feed(bytes('HTTP/1.1 200 OK\r\n')).kind, 'more');
  const filler = bytes(`X-Fill: ${'a'.repeat(1000)}\r\n`);
  let result: FeedResult = { kind: 'more' };
  for (let i = 0; i < 100 && result.kind === 'more'; i++) result = parser.feed(filler);
  assert.equal(result.kind, 'error');
});

test('bytes after the response are reported, and reset() readies the next response', () => {
  const parser = new ResponseParser();
  const two = bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  const first = parser.feed(two);
  assert.equal(first.kind, 'complete');
  assert.equal(first.kind === 'complete' && first.extraBytes, 38);
  assert.equal(parser.feed(bytes('x')).kind, 'error', 'data after the end without reset');
  parser.reset();
  expectComplete(parser.feed(two.subarray(two.length - 38)), { statusCode: 200, keepAlive: true, bodyBytes: 0 }, 'second');
});

test('a head repeated byte for byte is recognised, and any change in it is parsed afresh', () => {
  const parser = new ResponseParser();
  const next = (raw: string) => {
    parser.reset();
    return parser.feed(bytes(raw));
  };
  const ok = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok';
  for (let i = 0; i < 3; i++) expectComplete(next(ok), { statusCode: 200, keepAlive: true, bodyBytes: 2 }, `repeat ${i}`);
  expectComplete(next('HTTP/1.1 503 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nno'), { statusCode: 503, keepAlive: true, bodyBytes: 2 }, 'status changed');
  expectComplete(next('HTTP/1.1 503 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno'), { statusCode: 503, keepAlive: false, bodyBytes: 2 }, 'connection changed');
  assert.equal(next('HTTP/1.1 503 OK\r\nContent-Length: 2\r\nConnection: close\r\nContent-Length: 3\r\n\r\nno').kind, 'error', 'the known head followed by more header lines');
  expectComplete(next(ok), { statusCode: 200, keepAlive: true, bodyBytes: 2 }, 'back');
  const longer = next('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\nX: y\r\n\r\nok');
  expectComplete(longer, { statusCode: 200, keepAlive: true, bodyBytes: 2 }, 'the known head is a prefix of the lines, not of the head');
  // A head split over reads is parsed as it comes, whatever was known.
  parser.reset();
  assert.equal(parser.feed(bytes(ok.slice(0, 20))).kind, 'more');
  expectComplete(parser.feed(bytes(ok.slice(20))), { statusCode: 200, keepAlive: true, bodyBytes: 2 }, 'split');
});

test('a partial head is copied, so the caller may reuse its read buffer', () => {
  const shared = Buffer.alloc(64);
  const parser = new ResponseParser();
  const first = bytes('HTTP/1.1 200 OK\r\nContent-Le');
  first.copy(shared);
  assert.equal(parser.feed(shared.subarray(0, first.length)).kind, 'more');
  shared.fill('Z');
  const rest = bytes('ngth: 2\r\n\r\nok');
  rest.copy(shared);
  expectComplete(parser.feed(shared.subarray(0, rest.length)), { statusCode: 200, keepAlive: true, bodyBytes: 2 }, 'reused');
});

test('a read buffer fed with the length read: bytes past it are not looked at, whatever they are', () => {
  const shared = Buffer.alloc(256, 'Z');
  const parser = new ResponseParser();
  const whole = bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  whole.copy(shared);
  expectComplete(parser.feed(shared, whole.length), { statusCode: 200, keepAlive: true, bodyBytes: 2 }, 'whole');
  for (let k = 1; k < whole.length; k++) {
    parser.reset();
    shared.fill('Z');
    whole.copy(shared, 0, 0, k);
    assert.equal(parser.feed(shared, k).kind, 'more', `first ${k} bytes`);
    shared.fill('\r');
    whole.copy(shared, 0, k);
    expectComplete(parser.feed(shared, whole.length - k), { statusCode: 200, keepAlive: true, bodyBytes: 2 }, `rest after ${k}`);
  }
});
