// Tests for the TLS mode check: literal connection counts, and a resumed phase against a server that cannot resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpenLoop } from '../traffic/open-loop/engine.js';
import { openTlsSpec, tlsSpec, withTlsUpstream } from '../traffic/testing/tls-upstream.js';
import type { TlsConnectionStats } from '../traffic/types.js';
import { tlsReasons } from './tls-validity.js';
import { judgeValidity } from './validity.js';

const stats = (overrides: Partial<TlsConnectionStats>): TlsConnectionStats => ({
  mode: 'full', version: '1.3', requestsPerConnection: 1, handshakes: 100, resumed: 0, unauthorized: 0,
  protocols: { 'TLSv1.3': 100 }, ciphers: { TLS_AES_128_GCM_SHA256: 100 }, ...overrides,
});

test('a phase measured as declared has no TLS reasons; plain phases have none either', () => {
  assert.deepEqual(tlsReasons(stats({})), []);
  assert.deepEqual(tlsReasons(stats({ mode: 'resumed', resumed: 100 })), []);
  assert.deepEqual(tlsReasons(stats({ mode: 'keepalive', resumed: 3, requestsPerConnection: null })), []);
  assert.deepEqual(tlsReasons(undefined), []);
});

test('full that resumed, resumed that did not, unverified certificates, another version, no handshake: each named', () => {
  assert.match(tlsReasons(stats({ resumed: 1 })).join(), /mode full, but 1 of 100 connections resumed/);
  assert.match(tlsReasons(stats({ mode: 'resumed', resumed: 99 })).join(), /mode resumed, but 1 of 100 connections did a full handshake/);
  assert.match(tlsReasons(stats({ unauthorized: 2 })).join(), /2 of 100 connections presented a certificate the run's CA did not verify/);
  assert.match(tlsReasons(stats({ protocols: { 'TLSv1.3': 90, 'TLSv1.2': 10 } })).join(), /TLS 1\.3 declared, but connections negotiated TLSv1\.2 \(10\)/);
  assert.match(tlsReasons(stats({ handshakes: 0, protocols: {}, ciphers: {} })).join(), /no TLS handshake completed/);
});

test('a server with session tickets and session cache disabled makes a resumed phase invalid, with that reason', async () => {
  const traffic = await withTlsUpstream(false, (port, m) => runOpenLoop(openTlsSpec(port, tlsSpec(m, 'resumed'))));
  assert.ok(traffic.requests > 0 && traffic.tls && traffic.tls.handshakes > 0);
  assert.equal(traffic.tls.resumed, 0, 'no connection can resume');
  const relaxed = { minAchievedRatio: 0.01, maxSendLagP99: 60_000, maxGeneratorBusy: 1, minUpstreamRatio: 0.01 };
  const validity = judgeValidity({ traffic, maxConnections: 8, generator: null, upstreamRequests: null, rules: relaxed });
  assert.equal(validity.valid, false);
  assert.deepEqual(validity.reasons, [`mode resumed, but ${traffic.tls.handshakes} of ${traffic.tls.handshakes} connections did a full handshake (isSessionReused false): the target did not resume sessions (tickets and session cache off?)`]);
});
