// The TLS transport end to end against the upstream's own TLS listener: each mode verified per connection, never assumed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../testing/cli.js';
import { generateTlsMaterial } from '../../tls/certificates.js';
import { openTlsSpec as openSpec, tlsSpec, withTlsUpstream } from '../testing/tls-upstream.js';
import { runOpenLoop } from '../open-loop/engine.js';
import { runClosedLoop } from '../closed-loop/engine.js';

test('full: every request gets its own connection and a full handshake, all verified against the run CA', async () => {
  const r = await withTlsUpstream(true, (port, m) => runOpenLoop(openSpec(port, tlsSpec(m, 'full'))));
  assert.ok(r.requests > 0 && r.tls, JSON.stringify(r.errors));
  assert.equal(r.statusCounts['200'], r.requests);
  assert.ok(r.tls.handshakes >= r.requests, `${r.tls.handshakes} handshakes for ${r.requests} requests`);
  assert.equal(r.tls.resumed, 0);
  assert.equal(r.tls.unauthorized, 0);
  assert.deepEqual(Object.keys(r.tls.protocols), ['TLSv1.3']);
  assert.deepEqual(Object.keys(r.tls.ciphers), ['TLS_AES_128_GCM_SHA256']);
});

test('resumed: against a server with tickets on, every measured connection resumes', async () => {
  const r = await withTlsUpstream(true, (port, m) => runOpenLoop(openSpec(port, tlsSpec(m, 'resumed'))));
  assert.ok(r.requests > 0 && r.tls);
  assert.ok(r.tls.handshakes > 0);
  assert.equal(r.tls.resumed, r.tls.handshakes);
});

test('full with 3 requests per connection: the generator closes each connection after its third response', async () => {
  const r = await withTlsUpstream(true, (port, m) => runOpenLoop({ ...openSpec(port, tlsSpec(m, 'full', 3)), ratePerSec: 90 }));
  assert.ok(r.tls && r.requests >= 6);
  assert.ok(r.tls.handshakes * 3 >= r.requests, `${r.tls.handshakes} connections cannot carry ${r.requests} requests at 3 each`);
  assert.ok(r.tls.handshakes < r.requests, 'connections are reused up to 3 times');
});

test('closed loop over TLS: autocannon speaks https, and each of its connections is counted and verified by us', async () => {
  const r = await withTlsUpstream(true, (port, m) => runClosedLoop({
    kind: 'closed', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, connections: 3, durationMs: 300, timeoutMs: 2000, transport: tlsSpec(m, 'keepalive'),
  }));
  assert.ok(r.requests > 0 && r.tls);
  assert.equal(r.tls.handshakes, 3);
  assert.equal(r.tls.unauthorized, 0);
});

test('a server whose certificate another CA signed: no request succeeds, nothing is accepted unverified', async () => {
  const other = await generateTlsMaterial(tempDir('tls-other'), 'ecdsa-p256', new Date());
  const r = await withTlsUpstream(true, (port) => runOpenLoop(openSpec(port, tlsSpec(other, 'keepalive'))));
  assert.equal(r.requests, 0);
  assert.ok(Object.values(r.errors).reduce((a, b) => a + b, 0) > 0);
  assert.equal(r.tls!.handshakes, 0);
});

test('keepalive at a low rate: the warm pool carries the traffic, and its verified handshakes are the phase’s', async () => {
  const r = await withTlsUpstream(true, (port, m) => runOpenLoop(openSpec(port, tlsSpec(m, 'keepalive'))));
  assert.ok(r.requests > 0 && r.tls);
  assert.ok(r.tls.handshakes >= 1, 'the warm connection is counted');
  assert.equal(r.tls.unauthorized, 0);
  assert.deepEqual(Object.keys(r.tls.protocols), ['TLSv1.3']);
});
