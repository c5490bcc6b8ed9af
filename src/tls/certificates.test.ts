// Tests for the run's TLS material: a chain Node verifies against the run's CA only, the asked key type, loadable PEMs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, connect, type TLSSocket } from 'node:tls';
import { once } from 'node:events';
import { tempDir } from '../testing/cli.js';
import { generateTlsMaterial } from './certificates.js';
import { keyTypeOf, tlsKeyTypes } from './key-types.js';

for (const keyType of tlsKeyTypes) {
  test(`${keyType}: the server certificate is signed by the run's CA, names loopback and holds a ${keyType} key`, async () => {
    const m = await generateTlsMaterial(tempDir('tls'), keyType, new Date());
    const ca = new X509Certificate(readFileSync(m.caFile));
    const leaf = new X509Certificate(readFileSync(m.certFile));
    assert.ok(ca.ca && !leaf.ca);
    assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey), 'leaf signed by the CA');
    assert.ok(leaf.checkIP('127.0.0.1') && leaf.checkHost('localhost'));
    assert.equal(keyTypeOf(leaf.publicKey), keyType);
    assert.equal(leaf.fingerprint256, m.fingerprint256);
    const key = createPrivateKey(readFileSync(m.keyFile));
    assert.equal(keyTypeOf(key), keyType);
    assert.equal(statSync(m.keyFile).mode & 0o077, 0, 'the key is readable by its owner only');
    const combined = readFileSync(m.certKeyFile, 'utf8');
    assert.match(combined, /BEGIN CERTIFICATE[\s\S]*BEGIN CERTIFICATE[\s\S]*BEGIN PRIVATE KEY/);
  });
}

test('a client that trusts only the run CA completes a verified handshake; one that trusts the system CAs is refused', async () => {
  const m = await generateTlsMaterial(tempDir('tls'), 'ecdsa-p256', new Date());
  const server = createServer({ cert: readFileSync(m.certFile), key: readFileSync(m.keyFile) }, (s) => s.end('hi'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    const good = connect({ host: '127.0.0.1', port, ca: m.caPem });
    await once(good, 'secureConnect');
    assert.equal(good.authorized, true);
    assert.equal(keyTypeOf(good.getPeerX509Certificate()!.publicKey), 'ecdsa-p256');
    good.destroy();
    const bad: TLSSocket = connect({ host: '127.0.0.1', port });
    const [error] = (await once(bad, 'error')) as [NodeJS.ErrnoException];
    assert.match(String(error.code), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT/);
  } finally {
    server.close();
  }
});
