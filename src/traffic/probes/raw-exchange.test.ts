// The raw probe exchange over TLS: the same bytes and close as over plain TCP, the run's CA the only one trusted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '../../testing/cli.js';
import { generateTlsMaterial } from '../../tls/certificates.js';
import { withTlsUpstream } from '../testing/tls-upstream.js';
import { streamConnector } from '../transport/stream.js';
import { exchange } from './raw-exchange.js';

const get = (close: boolean) => [{ send: Buffer.from(`GET /x HTTP/1.1\r\nHost: t\r\n${close ? 'Connection: close\r\n' : ''}\r\n`, 'latin1') }];
const timing = { responseTimeoutMs: 2000, settleMs: 50 };

test('over TLS: the response bytes come back decrypted and the server’s close is seen as a FIN', async () => {
  const x = await withTlsUpstream(true, (port, m) => exchange({ host: '127.0.0.1', port }, get(true), { ...timing, connector: streamConnector({ caPem: m.caPem, version: '1.3' }) }));
  assert.equal(x.connectError, null);
  assert.match(x.bytes.toString('latin1'), /^HTTP\/1\.1 200 /);
  assert.equal(x.closed, 'fin');
  assert.equal(x.timedOut, false);
});

test('over TLS with keep-alive: a complete response and then quiet ends the exchange, the connection still open', async () => {
  const x = await withTlsUpstream(true, (port, m) => exchange({ host: '127.0.0.1', port }, get(false), { ...timing, connector: streamConnector({ caPem: m.caPem, version: '1.3' }) }));
  assert.match(x.bytes.toString('latin1'), /^HTTP\/1\.1 200 /);
  assert.equal(x.closed, null);
});

test('a certificate another CA signed is a failed connect naming the reason, and no byte is sent', async () => {
  const other = await generateTlsMaterial(tempDir('tls-probe-other'), 'ecdsa-p256', new Date());
  const x = await withTlsUpstream(true, (port) => exchange({ host: '127.0.0.1', port }, get(true), { ...timing, connector: streamConnector({ caPem: other.caPem, version: '1.3' }) }));
  assert.ok(x.connectError !== null && /CERT|SIGNATURE|VERIFY|ISSUER/i.test(x.connectError), String(x.connectError));
  assert.equal(x.bytes.length, 0);
  assert.equal(x.closed, null);
});

test('plain TCP to a TLS listener: the exchange still ends (the server rejects the bytes), and it is not taken for TLS', async () => {
  const x = await withTlsUpstream(true, (port) => exchange({ host: '127.0.0.1', port }, get(true), timing));
  assert.equal(x.connectError, null);
  assert.doesNotMatch(x.bytes.toString('latin1'), /^HTTP\/1\.1 200 /);
});
