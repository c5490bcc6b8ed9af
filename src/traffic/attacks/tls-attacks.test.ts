// The TLS attacks against in-process servers: full handshakes counted and verified (closed or held), the ClientHello dribbled a few bytes at a time.
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { before, test } from 'node:test';
import { ManualClock } from '../../shared/testing/manual-clock.js';
import { tempDir } from '../../testing/cli.js';
import { generateTlsMaterial, type TlsMaterial } from '../../tls/certificates.js';
import { captureClientHello, isClientHello } from './client-hello.js';
import type { AttackerResult, AttackerSpec } from './protocol.js';
import { runAttack } from './run-attack.js';

let material: TlsMaterial;
before(async () => {
  material = await generateTlsMaterial(tempDir('tls-attack'), 'ecdsa-p256', new Date());
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const spec = (port: number, over: Partial<AttackerSpec>): AttackerSpec => ({
  kind: 'tls-handshake-flood', target: { host: '127.0.0.1', port }, connections: 10, ratePerSec: 100, intervalMs: 100, depth: 1, durationMs: 1000,
  tls: { caPem: material.caPem, version: '1.3' }, ...over,
});

test('node’s ClientHello is captured whole, in memory: one handshake record whose length field covers it', async () => {
  const hello = await captureClientHello({ caPem: material.caPem, version: '1.3' });
  assert.ok(isClientHello(hello));
  assert.equal(hello.length, 5 + hello.readUInt16BE(3));
  const again = await captureClientHello({ caPem: material.caPem, version: '1.3' });
  assert.notDeepEqual(again, hello, 'a fresh random and key share each time');
});

for (const hold of [false, true]) {
  test(`handshake flood (hold ${hold}): every connection a full, verified handshake; ${hold ? 'held open until the end' : 'closed by the attacker at once'}`, async () => {
    let open = 0;
    let peak = 0;
    let secured = 0;
    const server = tls.createServer({ cert: readFileSync(material.certFile), key: readFileSync(material.keyFile), minVersion: 'TLSv1.3' }, (socket) => {
      secured++;
      peak = Math.max(peak, ++open);
      socket.on('close', () => open--);
      socket.on('error', () => undefined);
    });
    const port = await listen(server);
    try {
      const r = await runAttack(spec(port, { hold, durationMs: 2500 }));
      assert.equal(r.connectionsOpened, 10);
      assert.equal(r.tls?.handshakes, 10, JSON.stringify(r.tls));
      assert.equal(r.tls?.resumed, 0);
      assert.deepEqual(r.tls?.handshakeErrors, {});
      assert.equal(r.closedByProxy, 0, 'the attacker’s own closes are no cuts');
      assert.equal(secured, 10);
      if (hold) assert.equal(peak, 10);
    } finally {
      server.close();
    }
  });
}

test('handshake flood against a certificate another CA signed: every handshake fails with its code, none is counted', async () => {
  const other = await generateTlsMaterial(tempDir('tls-attack-other'), 'ecdsa-p256', new Date());
  const server = tls.createServer({ cert: readFileSync(other.certFile), key: readFileSync(other.keyFile) }, (s) => s.on('error', () => undefined));
  const port = await listen(server);
  try {
    const r = await runAttack(spec(port, { connections: 3, durationMs: 1500 }));
    assert.equal(r.tls?.handshakes, 0);
    assert.equal(Object.values(r.tls?.handshakeErrors ?? {}).reduce((a, b) => a + b, 0), 3, JSON.stringify(r.tls));
  } finally {
    server.close();
  }
});

test('ClientHello dribble: `dribbleBytes` every interval on each connection, a prefix of a real ClientHello; the proxy’s cut is timed', async () => {
  const received = new Map<net.Socket, Buffer>();
  let largestRead = 0;
  // Cuts a connection once 15 bytes of its hello arrived: 5 at the connect, 5 per interval, so 2 intervals after it opened.
  const server = net.createServer((socket) => {
    received.set(socket, Buffer.alloc(0));
    socket.on('data', (d) => {
      largestRead = Math.max(largestRead, d.length);
      const all = Buffer.concat([received.get(socket)!, d]);
      received.set(socket, all);
      if (all.length >= 15) socket.end();
    });
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  try {
    const clock = new ManualClock();
    let result: AttackerResult | undefined;
    const running = runAttack(spec(port, { kind: 'tls-hello-dribble', connections: 3, ratePerSec: 300, intervalMs: 100, durationMs: 800, dribbleBytes: 5 }), clock).then((r) => (result = r));
    await clock.run({ stepMs: 10, maxMs: 3000, done: () => result !== undefined });
    const r = await running;
    assert.equal(r.connectionsOpened, 3);
    assert.equal(r.closedByProxy, 3);
    // The third write (two intervals after the first trickles began) trips the cut; a connection opened one 10 ms step late is that much younger.
    assert.ok(r.firstCutMs !== null && r.firstCutMs >= 2 * 100 - 10 && r.firstCutMs < 800, String(r.firstCutMs));
    assert.ok(r.tls && r.tls.clientHelloBytes! > 100 && r.tls.helloesCompleted === 0, JSON.stringify(r.tls));
    assert.ok(largestRead <= 5, `a read of ${largestRead} bytes: the hello went out faster than dribbled`);
    for (const bytes of received.values()) {
      assert.equal(bytes.length, 15);
      assert.deepEqual([...bytes.subarray(0, 3)], [0x16, 0x03, 0x01], 'a TLS handshake record (legacy version 3.1 on the record, as node sends it)');
      assert.equal(bytes[5], 0x01, 'ClientHello');
    }
  } finally {
    server.close();
  }
});
