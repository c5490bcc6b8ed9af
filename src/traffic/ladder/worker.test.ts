// The ladder worker process against in-process servers: holds connections, sees a server close them, sends while active.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readPortConnections } from '../../measure/connections/tcp-table.js';
import { buildRequestBytes } from '../request.js';
import { startLadderWorker } from './client.js';
import type { HolderSpec, HolderStatus } from './protocol.js';

async function serve(keepAliveTimeoutMs: number): Promise<{ server: Server; port: number; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.keepAliveTimeout = keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, requests: () => requests };
}

const spec = (port: number, activeIntervalMs: number | null = null): HolderSpec => {
  const target = { host: '127.0.0.1', port };
  return {
    target, activeIntervalMs, openConcurrency: 16, requestTimeoutMs: 5000, lifetimeMs: 60_000,
    requestBase64: buildRequestBytes(target, { method: 'POST', path: '/', bodyBytes: 100 }).toString('base64'),
  };
};

/** Polls `get` until `done` holds (at most 50 polls): no assertion on how long it takes. */
async function until(get: () => Promise<HolderStatus>, done: (s: HolderStatus) => boolean): Promise<HolderStatus> {
  let s = await get();
  for (let i = 0; i < 50 && !done(s); i++) {
    await sleep(100);
    s = await get();
  }
  return s;
}

test('holds N connections, each after one exchange; the server sees them open; close resets them all', async () => {
  const { server, port, requests } = await serve(60_000);
  const worker = await startLadderWorker();
  try {
    const first = await worker.init(spec(port));
    assert.ok(first.fdLimit !== null && first.fdLimit >= 1024, `the worker reports its fd limit (${first.fdLimit})`);
    const s = await worker.open(120, 10_000);
    assert.deepEqual([s.open, s.opened, s.failed, s.responses], [120, 120, 0, 120]);
    assert.equal(requests(), 120);
    assert.equal(readPortConnections(port)?.established, 120);
    const more = await worker.open(200, 10_000);
    assert.deepEqual([more.open, more.opened], [200, 200], 'a step adds only the connections it lacks');
    assert.equal((await worker.close()).open, 0);
    const gone = await until(async () => ({ ...(await worker.status()), open: readPortConnections(port)?.established ?? -1 }), (x) => x.open === 0);
    assert.equal(gone.open, 0, 'no server-side socket is left');
  } finally {
    await worker.stop();
    server.close();
  }
});

test('a server that closes idle connections shows up as closedByPeer, and open drops', async () => {
  const { server, port } = await serve(200);
  const worker = await startLadderWorker();
  try {
    await worker.init(spec(port));
    assert.equal((await worker.open(30, 10_000)).open, 30);
    const s = await until(() => worker.status(), (x) => x.open === 0);
    assert.deepEqual([s.open, s.closedByPeer], [0, 30]);
  } finally {
    await worker.stop();
    server.close();
  }
});

test('active: every held connection keeps sending requests', async () => {
  const { server, port, requests } = await serve(60_000);
  const worker = await startLadderWorker();
  try {
    await worker.init(spec(port, 100));
    await worker.open(20, 10_000);
    const s = await until(() => worker.status(), (x) => x.responses >= 80);
    assert.ok(s.responses >= 80, `responses ${s.responses}`);
    assert.equal(s.open, 20);
    assert.ok(requests() >= 80);
  } finally {
    await worker.stop();
    server.close();
  }
});
