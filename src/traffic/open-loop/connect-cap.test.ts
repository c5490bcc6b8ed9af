// The open loop's cap on connects in progress: 8 for pooled traffic, scaled with the new-connection rate of TLS full /
// resumed phases (a handshake takes tens of ms on a loaded machine), and never above the phase's connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import type { TlsTransportSpec } from '../types.js';
import { connectsInProgressCap, minConnectsInProgress, runOpenLoop } from './engine.js';

const tls = (mode: TlsTransportSpec['mode'], requestsPerConnection = 1): TlsTransportSpec => ({
  kind: 'tls', mode, version: '1.3', caPem: '', keyType: 'rsa2048', requestsPerConnection,
});

test('the cap: 8 for plain and keep-alive traffic; rate × 50 ms for new-connection TLS modes, within the connections', () => {
  assert.equal(connectsInProgressCap(50_000, 256, undefined), minConnectsInProgress);
  assert.equal(connectsInProgressCap(50_000, 256, { kind: 'plain' }), minConnectsInProgress);
  assert.equal(connectsInProgressCap(50_000, 256, tls('keepalive')), minConnectsInProgress);
  assert.equal(connectsInProgressCap(100, 256, tls('full')), minConnectsInProgress, 'low rates keep the floor');
  assert.equal(connectsInProgressCap(1000, 256, tls('full')), 50);
  assert.equal(connectsInProgressCap(1000, 256, tls('resumed', 4)), 13, 'a connection every 4 requests');
  assert.equal(connectsInProgressCap(10_000, 256, tls('full')), 256, 'never more than the phase’s connections');
  assert.equal(connectsInProgressCap(1000, 4, tls('full')), 4);
});

test('a full-handshake phase keeps more than 8 connects in progress when handshakes are slow, and no more than the cap', async () => {
  // A listener that accepts and never answers a ClientHello: every connect stays "in progress" until abandoned.
  const open = new Set<Socket>();
  let peak = 0;
  const server = createServer((socket) => {
    open.add(socket);
    peak = Math.max(peak, open.size);
    socket.on('error', () => undefined);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const ratePerSec = 400;
    const result = await runOpenLoop({
      kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec, maxConnections: 64,
      // Shorter than the 250 ms connect timeout: no connect is abandoned (and replaced) before the phase ends.
      durationMs: 240, timeoutMs: 400, transport: tls('full'),
    });
    assert.equal(result.requests, 0);
    const cap = connectsInProgressCap(ratePerSec, 64, tls('full'));
    assert.ok(cap > minConnectsInProgress);
    assert.ok(peak > minConnectsInProgress + 1, `at most ${peak} connects were in progress at once`);
    // + 1: the warm pool's one connect before t0 (closed unused: a full phase keeps none) may not have closed yet.
    assert.ok(peak <= cap + 1, `${peak} connects in progress, above the cap ${cap}`);
  } finally {
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
