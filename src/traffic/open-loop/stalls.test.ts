// Open-loop engine under stalls, on a fake clock: a listener whose accept queue overflows (dropped SYNs), a frozen generator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { decodeHistogram, summarizeEncoded } from '../../measure/histogram.js';
import { ManualClock } from '../../shared/testing/manual-clock.js';
import type { OpenLoopSpec, TrafficResult } from '../types.js';
import { runOpenLoop } from './engine.js';

/**
 * An HTTP server in a worker thread, listening with a backlog of 1, whose event loop is blocked (Atomics.wait) until
 * `resume()`: meanwhile the kernel completes two handshakes into the accept queue and silently drops every further SYN
 * (tcp_abort_on_overflow=0), which the client retransmits only after 1 s. Once resumed it accepts what was queued and
 * listens again on the same port with a normal backlog (a proxy that has caught up), and answers every request on a
 * keep-alive connection after `delayMs`.
 */
const stalledServerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const gate = new Int32Array(workerData.gate);
const response = Buffer.from('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok');
const serve = (socket) => {
  let pending = '';
  socket.on('error', () => undefined);
  socket.on('data', (chunk) => {
    pending += chunk.toString('latin1');
    for (let at = pending.indexOf('\\r\\n\\r\\n'); at >= 0; at = pending.indexOf('\\r\\n\\r\\n')) {
      pending = pending.slice(at + 4);
      setTimeout(() => socket.destroyed || socket.write(response), workerData.delayMs);
    }
  });
};
let server = net.createServer(serve);
parentPort.on('message', () => server.close(() => parentPort.close()));
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  const { port } = server.address();
  parentPort.postMessage(port);
  Atomics.wait(gate, 0, 0);
  // The queued connections are accepted on the next poll; after that, a normal backlog on the same port.
  setTimeout(() => {
    server.close();
    server = net.createServer(serve).listen({ host: '127.0.0.1', port, backlog: 511 });
  }, 10);
});
`;

interface StalledServer {
  port: number;
  resume(): void;
  close(): Promise<void>;
}

async function startStalledServer(delayMs: number): Promise<StalledServer> {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(stalledServerSource, { eval: true, workerData: { gate: gate.buffer, delayMs } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const resume = () => {
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
  };
  return {
    port,
    resume,
    close: async () => {
      resume();
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

function spec(port: number, overrides: Partial<OpenLoopSpec>): OpenLoopSpec {
  return { kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec: 200, maxConnections: 16, durationMs: 800, timeoutMs: 3000, ...overrides };
}

/** Runs the engine on a fake clock stepped 1 ms per event-loop turn; `at` sees each fake millisecond. */
async function onClock(s: OpenLoopSpec, clock: ManualClock, at: (nowMs: number) => void): Promise<TrafficResult> {
  let result: TrafficResult | undefined;
  const running = runOpenLoop(s, clock).then((r) => (result = r));
  await clock.run({ stepMs: 1, maxMs: s.durationMs + 2 * s.timeoutMs + 1000, done: () => result !== undefined, at });
  return running;
}

const errorTotal = (r: TrafficResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);
const brief = (r: TrafficResult) => JSON.stringify({ requests: r.requests, unsent: r.unsent, errors: r.errors });

test('connects whose SYN was dropped are abandoned and retried: the queue is served once the target accepts again', async () => {
  // 200/s against 50 ms responses needs ~10 connections. While the server is stalled, the warm connection and one more
  // fill its accept queue and every other connect hangs in SYN-SENT until the kernel retransmits at 1 s, after the
  // phase. Left to the request timeout (3 s), those connects would hold every connect slot and starve the queue.
  const server = await startStalledServer(50);
  const clock = new ManualClock();
  let started: number | undefined;
  const result = await onClock(spec(server.port, {}), clock, (nowMs) => {
    started ??= nowMs;
    if (nowMs - started === 100) server.resume(); // 100 ms of the engine's clock into the run
  }).finally(() => server.close());
  assert.equal(result.requests + errorTotal(result) + result.unsent!, 160, brief(result));
  assert.ok(result.requests >= 80, `most due requests were sent and answered on fresh connections: ${brief(result)}`);
  assert.ok((result.errors['connect-timeout'] ?? 0) >= 1, `the abandoned connects are counted as connect timeouts: ${brief(result)}`);
});

test('requests that fall due while the generator is frozen past the phase end still record their scheduler lag', async () => {
  // Freezes the generator's clock-and-timers (as a descheduled process sees them) 100 ms into a 400 ms phase for 600 ms:
  // the requests due meanwhile are never sent, and must read as generator lag, not as a target that could not keep up.
  const server = await startStalledServer(0);
  server.resume();
  const clock = new ManualClock();
  const result = await onClock(spec(server.port, { ratePerSec: 100, durationMs: 400 }), clock, (nowMs) => {
    if (nowMs === 100) clock.jump(600);
  }).finally(() => server.close());
  assert.equal(result.requests + errorTotal(result) + result.unsent!, 40, brief(result));
  assert.equal(decodeHistogram(result.schedulerLagUs!).totalCount, 40, `every scheduled request was seen due: ${brief(result)}`);
  // Requests due at 110…390 ms were noticed at 700 ms at the earliest: ≥ 310 ms late, recorded as such.
  assert.ok(summarizeEncoded(result.schedulerLagUs!).maxUs >= 310_000, JSON.stringify(summarizeEncoded(result.schedulerLagUs!)));
  assert.ok(result.unsent! >= 20, `the requests due during the freeze were never sent: ${brief(result)}`);
});
