// The attack loop against an in-process server, on a fake clock: bounded connections, trickles, cuts seen, floods counted.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../shared/testing/manual-clock.js';
import type { AttackerResult, AttackerSpec } from './protocol.js';
import { runAttack } from './run-attack.js';

let server: net.Server;
let port = 0;
const received: string[] = [];

before(async () => {
  // Cuts a slowloris connection at its third trickled header line, like a proxy's header timeout (the attack trickles one
  // line every intervalMs of its clock, so that is at least 2 intervals after it opened); answers each pipelined GET.
  server = net.createServer((socket) => {
    socket.on('data', (d) => {
      received.push(d.toString('latin1'));
      const gets = d.toString('latin1').split('GET /pb-pipeline').length - 1;
      if (gets > 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'.repeat(gets));
      if (d.toString('latin1').startsWith('X-a3:')) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
after(() => server.close());

/** Runs the attack on a fake clock stepped 10 ms per event-loop turn, so the attack's pace does not depend on the machine. */
async function attack(spec: AttackerSpec): Promise<AttackerResult> {
  const clock = new ManualClock();
  let result: AttackerResult | undefined;
  const running = runAttack(spec, clock).then((r) => (result = r));
  await clock.run({ stepMs: 10, maxMs: spec.durationMs + 1000, done: () => result !== undefined });
  return running;
}

test('slowloris: at most `connections`, an unfinished head each, the cuts timed', async () => {
  const r = await attack({ kind: 'slowloris', target: { host: '127.0.0.1', port }, connections: 20, ratePerSec: 200, intervalMs: 100, depth: 1, durationMs: 700 });
  assert.equal(r.connectionsOpened, 20);
  assert.ok(r.maxOpen <= 20);
  assert.equal(r.closedByProxy, 20);
  assert.equal(r.statuses['408'], 20);
  // Ages on the attack's clock: no cut before the third line (2 intervals after the connect), all within the attack.
  assert.ok(r.firstCutMs !== null && r.firstCutMs >= 200 && r.medianCutMs! >= r.firstCutMs && r.medianCutMs! < 700, `${r.firstCutMs} ${r.medianCutMs}`);
  assert.ok(received.some((d) => d.startsWith('GET /pb-slowloris HTTP/1.1')) && received.some((d) => /^X-a\d+: b\r\n$/.test(d)));
});

test('pipeline flood: batches of `depth` at `rate`, responses counted', async () => {
  const r = await attack({ kind: 'pipeline-flood', target: { host: '127.0.0.1', port }, connections: 2, ratePerSec: 50, intervalMs: 1000, depth: 10, durationMs: 250 });
  assert.ok(r.requestsSent >= 50 && r.requestsSent <= 200, String(r.requestsSent));
  assert.ok((r.statuses['200'] ?? 0) > 0);
});
