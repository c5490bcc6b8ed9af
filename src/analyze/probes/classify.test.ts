// The decision table on literal fixtures: bytes the client got and bytes the upstream received in, verdict out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { observation, oracleOk, upstreamConnection } from '../../testing/observation-fixture.js';
import { classify } from './classify.js';
import { passes, settleVerdict } from './tiers.js';

const S = (nn: string) => `GET /SMUG${nn} HTTP/1.1\r\nHost: t\r\n\r\n`;
const bad400 = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
const clte = { id: '01-cl-te', bodyBytes: 0 };

test('REJECT: 400 and close, nothing forwarded; REJECT-NOCLOSE when the connection stays open', () => {
  const closed = classify(observation({ probe: clte, client: { got: bad400, closed: 'fin' } }));
  assert.equal(closed.verdict, 'REJECT');
  assert.equal(passes(closed.verdict, 'severe', undefined, closed.closedAfterFirst), true);
  const open = classify(observation({ probe: clte, client: { got: bad400, closed: null } }));
  assert.equal(open.verdict, 'REJECT-NOCLOSE');
  assert.equal(passes(open.verdict, 'severe', undefined, open.closedAfterFirst), false);
  assert.equal(classify(observation({ probe: clte, client: { got: '', closed: 'reset' } })).verdict, 'REJECT');
});

test('NORMALIZE: CL.TE re-framed by Transfer-Encoding alone, closed after the response: passes the ambiguous tier', () => {
  const forwarded = 'POST /p01 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
  const c = classify(observation({ probe: clte, client: { got: oracleOk('/p01'), closed: 'fin' }, upstream: [upstreamConnection(3, forwarded, true)] }));
  assert.equal(c.verdict, 'NORMALIZE');
  assert.equal(passes(c.verdict, 'ambiguous', undefined, c.closedAfterFirst), true);
  const open = classify(observation({ probe: clte, client: { got: oracleOk('/p01') + oracleOk('/SMUG01', 2), closed: null }, upstream: [upstreamConnection(3, forwarded + S('01'), true)] }));
  assert.equal(open.verdict, 'NORMALIZE', 'the second request was the client’s own, visible one');
  assert.equal(passes(open.verdict, 'ambiguous', undefined, open.closedAfterFirst), false, 'but the connection was not closed');
});

test('DESYNC: both lengths forwarded; the oracle frames /SMUG01 that no client response belongs to', () => {
  const forwarded = `POST /p01 HTTP/1.1\r\nHost: t\r\nContent-Length: 38\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${S('01')}`;
  const c = classify(observation({ probe: clte, client: { got: oracleOk('/p01'), closed: null }, upstream: [upstreamConnection(3, forwarded, true)] }));
  assert.equal(c.verdict, 'DESYNC');
  assert.match(c.reason, /GET \/SMUG01/);
});

test('DESYNC: the victim on a fresh connection gets the smuggled request’s response', () => {
  const c = classify(observation({
    probe: { id: '02-te-cl', bodyBytes: 52 }, client: { got: oracleOk('/p02'), closed: null },
    upstream: [upstreamConnection(3, 'POST /p02 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\n34\r\n', true)],
    victim: { got: oracleOk('/SMUG02', 2), closed: null },
  }));
  assert.equal(c.verdict, 'DESYNC');
  assert.match(c.reason, /victim got the response to \/SMUG02/);
});

test('MISFRAME: Transfer-Encoding dropped, the 38-byte Content-Length body forwarded where RFC 9112 gives 0', () => {
  const forwarded = `POST /p01 HTTP/1.1\r\nHost: t\r\nContent-Length: 38\r\n\r\n0\r\n\r\n${S('01')}`;
  const c = classify(observation({ probe: clte, client: { got: oracleOk('/p01'), closed: 'fin' }, upstream: [upstreamConnection(3, forwarded)] }));
  assert.equal(c.verdict, 'MISFRAME');
  assert.match(c.reason, /38-byte body where RFC 9112 gives 0/);
});

test('MISFRAME: the proxy splits a declared body off as a request the client sees (CL.0)', () => {
  const c = classify(observation({
    probe: { id: '13-cl-on-get', bodyBytes: 33 }, client: { got: oracleOk('/p13') + oracleOk('/SMUG13', 2), closed: null },
    upstream: [upstreamConnection(3, `GET /p13 HTTP/1.1\r\nHost: t\r\n\r\n${S('13')}`, true)],
  }));
  assert.equal(c.verdict, 'MISFRAME');
});

test('HANG: no response before the timeout, the upstream holds a partial body', () => {
  const c = classify(observation({
    probe: { id: '13-cl-on-get', bodyBytes: 33 }, client: { got: '', closed: null, timedOut: true },
    upstream: [upstreamConnection(3, 'GET /p13 HTTP/1.1\r\nHost: t\r\nContent-Length: 33\r\n\r\n', true)],
  }));
  assert.equal(c.verdict, 'HANG');
  assert.match(c.reason, /holds 50 unframed bytes/);
});

test('FORWARD-AMBIGUOUS: the backend cannot frame what was forwarded (StatusDiscrepancy), or the parsers disagree', () => {
  const status = classify(observation({
    probe: { id: '21a-ctl-cr-in-value' }, client: { got: 'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n', closed: null },
    upstream: [upstreamConnection(3, 'GET /p21 HTTP/1.1\r\nHost: t\r\nX: a\rX-Smuggled: 1\r\n\r\n')],
  }));
  assert.equal(status.verdict, 'FORWARD-AMBIGUOUS');
  assert.match(status.reason, /bare CR/);
  const subtle = classify(observation({
    probe: { id: '21e-ctl-x01-in-value' }, client: { got: oracleOk('/p21'), closed: null },
    upstream: [upstreamConnection(3, 'GET /p21 HTTP/1.1\r\nHost: t\r\nX: a\x01b\r\n\r\n', true)],
  }));
  assert.equal(subtle.verdict, 'FORWARD-AMBIGUOUS');
  assert.match(subtle.reason, /strict RFC 9112 parser rejects/);
  assert.equal(passes(subtle.verdict, 'acceptable', undefined, false), true);
});

test('CRASH: the proxy exited; it outranks every other row', () => {
  const c = classify(observation({ probe: clte, client: { got: '', closed: 'reset' }, proxy: { exited: true, healthy: false } }));
  assert.equal(c.verdict, 'CRASH');
});

test('repeated attempts: the most frequent verdict, ties to the more severe', () => {
  assert.equal(settleVerdict(['DESYNC', 'DESYNC', 'NORMALIZE']), 'DESYNC');
  assert.equal(settleVerdict(['HANG', 'NORMALIZE']), 'HANG');
});

test('DESYNC: the probe’s client gets a leftover (an earlier victim’s response), or the health check gets one', () => {
  const forwarded = upstreamConnection(3, 'GET /p13 HTTP/1.1\r\nHost: t\r\nContent-Length: 33\r\n\r\n' + S('13'), true);
  const leftover = classify(observation({ probe: { id: '13-cl-on-get', bodyBytes: 33 }, client: { got: oracleOk('/victim/12g-cl-overflow/1'), closed: null }, upstream: [forwarded] }));
  assert.equal(leftover.verdict, 'DESYNC');
  assert.match(leftover.reason, /client got the response to \/victim\/12g-cl-overflow\/1: a leftover/);
  const otherProbe = classify(observation({ probe: { id: '13-cl-on-get', bodyBytes: 33 }, client: { got: oracleOk('/SMUG12'), closed: null }, upstream: [forwarded] }));
  assert.equal(otherProbe.verdict, 'DESYNC', 'another probe’s smuggled request');
  const stale = classify(observation({
    probe: { id: '13-cl-on-get', bodyBytes: 33 }, client: { got: oracleOk('/p13'), closed: null }, upstream: [forwarded],
    proxy: { exited: false, healthy: false, staleHealth: '200 echoing /victim/13-cl-on-get/1' },
  }));
  assert.equal(stale.verdict, 'DESYNC');
  assert.match(stale.reason, /health check after the probe got 200 echoing/);
  const dead = classify(observation({ probe: { id: '13-cl-on-get', bodyBytes: 33 }, client: { got: oracleOk('/p13'), closed: null }, upstream: [forwarded], proxy: { exited: false, healthy: false } }));
  assert.equal(dead.verdict, 'CRASH', 'no answer at all is still a CRASH');
  const own = classify(observation({ probe: { id: '13-cl-on-get', bodyBytes: 33 }, client: { got: oracleOk('/p13'), closed: null }, upstream: [forwarded] }));
  assert.equal(own.verdict, 'NORMALIZE');
});

test('FORWARD-AMBIGUOUS: a forbidForwardedBytes string reached the upstream (chunk extensions kept)', () => {
  const probe = { id: '37b-chunk-ext-flood', bodyBytes: 1, forbidForwardedBytes: [';eeee'] };
  const kept = classify(observation({ probe, client: { got: oracleOk('/p37'), closed: null }, upstream: [upstreamConnection(3, 'POST /p37 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n1;eeeeeeee\r\nA\r\n0\r\n\r\n', true)] }));
  assert.equal(kept.verdict, 'FORWARD-AMBIGUOUS');
  assert.match(kept.reason, /";eeee"/);
  const dropped = classify(observation({ probe, client: { got: oracleOk('/p37'), closed: null }, upstream: [upstreamConnection(3, 'POST /p37 HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nA', true)] }));
  assert.equal(dropped.verdict, 'NORMALIZE');
});

test('HTTP/2: a reset stream or a 4xx that ends it, nothing forwarded, is REJECT (the stream is what closes); a forwarded one is judged as ever', () => {
  const reset = observation({ probe: { id: '32c-h2-nul-value' }, client: { got: '', closed: 'reset' } });
  reset.client.h2End = 'RST_STREAM PROTOCOL_ERROR';
  const r = classify(reset);
  assert.equal(r.verdict, 'REJECT');
  assert.equal(r.reason, 'RST_STREAM PROTOCOL_ERROR, nothing forwarded');
  assert.equal(passes(r.verdict, 'severe', undefined, r.closedAfterFirst), true);
  const ended = observation({ probe: { id: '30-h2-cl' }, client: { got: bad400, closed: 'fin' } });
  ended.client.h2End = 'END_STREAM';
  assert.equal(classify(ended).reason, '400, stream ended (END_STREAM), nothing forwarded');
  // Forwarded with the DATA split off as a request of its own: /SMUG30 framed that no client response belongs to.
  const smuggled = observation({ probe: { id: '30-h2-cl' }, client: { got: oracleOk('/p30'), closed: 'fin' }, upstream: [upstreamConnection(3, `POST /p30 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n${S('30')}`, true)] });
  smuggled.client.h2End = 'END_STREAM';
  assert.equal(classify(smuggled).verdict, 'DESYNC');
  // Forwarded, then reset: the upstream got the malformed request all the same (NORMALIZE, failing the severe tier).
  const resetAfter = observation({ probe: { id: '30-h2-cl' }, client: { got: '', closed: 'reset' }, upstream: [upstreamConnection(3, 'POST /p30 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n', true)] });
  resetAfter.client.h2End = 'RST_STREAM PROTOCOL_ERROR';
  const ra = classify(resetAfter);
  assert.equal(ra.verdict, 'NORMALIZE');
  assert.match(ra.reason, /^no response, RST_STREAM PROTOCOL_ERROR; forwarded canonically \(POST \/p30\)/);
  assert.equal(passes(ra.verdict, 'severe', undefined, ra.closedAfterFirst), false);
  // Forwarded canonically: NORMALIZE, which fails the severe tier.
  const forwarded = observation({ probe: { id: '31-h2-te' }, client: { got: oracleOk('/p31'), closed: 'fin' }, upstream: [upstreamConnection(3, 'POST /p31 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\n0\r\n\r\n', true)] });
  const f = classify(forwarded);
  assert.equal(f.verdict, 'NORMALIZE');
  assert.equal(passes(f.verdict, 'severe', undefined, f.closedAfterFirst), false);
});
