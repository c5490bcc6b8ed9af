// The attack loop against an in-process server: bounded connections, trickles, cuts seen, floods counted.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { runAttack } from './run-attack.js';

let server: net.Server;
let port = 0;
const received: string[] = [];

before(async () => {
  // Closes a connection 300 ms after it opens, like a proxy's header timeout; answers each pipelined GET with 200.
  server = net.createServer((socket) => {
    socket.on('data', (d) => {
      received.push(d.toString('latin1'));
      const gets = d.toString('latin1').split('GET /pb-pipeline').length - 1;
      if (gets > 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'.repeat(gets));
    });
    socket.on('error', () => {});
    const timer = setTimeout(() => socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n'), 300);
    socket.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
after(() => server.close());

test('slowloris: at most `connections`, an unfinished head each, the cuts timed', async () => {
  const r = await runAttack({ kind: 'slowloris', target: { host: '127.0.0.1', port }, connections: 20, ratePerSec: 200, intervalMs: 100, depth: 1, durationMs: 700 });
  assert.equal(r.connectionsOpened, 20);
  assert.ok(r.maxOpen <= 20);
  assert.equal(r.closedByProxy, 20);
  assert.equal(r.statuses['408'], 20);
  assert.ok(r.firstCutMs !== null && r.firstCutMs >= 250 && r.firstCutMs < 600, String(r.firstCutMs));
  assert.ok(received.some((d) => d.startsWith('GET /pb-slowloris HTTP/1.1')) && received.some((d) => /^X-a\d+: b\r\n$/.test(d)));
});

test('pipeline flood: batches of `depth` at `rate`, responses counted', async () => {
  const r = await runAttack({ kind: 'pipeline-flood', target: { host: '127.0.0.1', port }, connections: 2, ratePerSec: 50, intervalMs: 1000, depth: 10, durationMs: 250 });
  assert.ok(r.requestsSent >= 50 && r.requestsSent <= 200, String(r.requestsSent));
  assert.ok((r.statuses['200'] ?? 0) > 0);
});
