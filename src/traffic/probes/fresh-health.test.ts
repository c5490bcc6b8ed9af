// The fresh health check against tiny fake proxies: the oracle's own answer, a leftover naming another request, a 502 of its own.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { checkFreshHealth } from './fresh-health.js';

/** A server that answers every request with `answer(target)`, then closes. */
async function fake(answer: (target: string) => string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.once('data', (chunk) => socket.end(answer(/^GET (\S+)/.exec(chunk.toString('latin1'))?.[1] ?? '')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}
const reply = (status: number, echo?: string) => `HTTP/1.1 ${status} X\r\nContent-Length: 0\r\n${echo === undefined ? '' : `X-PB-Echo: ${echo}\r\n`}\r\n`;
const nonces = () => {
  let n = 0;
  return () => `n${++n}`;
};

test('fresh: a 200 echoing this very request, nonce included', async () => {
  const { server, port } = await fake((target) => reply(200, target));
  assert.deepEqual(await checkFreshHealth({ host: '127.0.0.1', port }, nonces()), { fresh: true });
  server.close();
});

test('a leftover: a 200 naming another request is stale at once, not retried into a pass', async () => {
  let asked = 0;
  const { server, port } = await fake(() => (asked++, reply(200, '/victim/01-cl-te/1')));
  const answer = await checkFreshHealth({ host: '127.0.0.1', port }, nonces(), 3);
  assert.deepEqual(answer, { fresh: false, stale: '200 echoing /victim/01-cl-te/1', last: '200 echoing /victim/01-cl-te/1' });
  assert.equal(asked, 1);
  server.close();
});

test('the proxy’s own 502 (naming no request) is retried, then reported, never called a leftover', async () => {
  let asked = 0;
  const { server, port } = await fake((target) => (++asked < 2 ? reply(502) : reply(200, target)));
  assert.deepEqual(await checkFreshHealth({ host: '127.0.0.1', port }, nonces(), 3), { fresh: true });
  const { server: always, port: alwaysPort } = await fake(() => reply(502));
  assert.deepEqual(await checkFreshHealth({ host: '127.0.0.1', port: alwaysPort }, nonces(), 2), { fresh: false, last: '502 naming no request' });
  server.close();
  always.close();
});

test('any 200 is not enough: one naming no request (a plain health page) or without the run\'s identity is not fresh', async () => {
  const { server, port } = await fake(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  assert.deepEqual(await checkFreshHealth({ host: '127.0.0.1', port }, nonces(), 2), { fresh: false, last: '200 naming no request' });
  server.close();
  const oracle = (body: string) => fake((target) => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nX-PB-Echo: ${target}\r\n\r\n${body}`);
  const mine = await oracle('ok run-a.n0nce');
  assert.deepEqual(await checkFreshHealth({ host: '127.0.0.1', port: mine.port }, nonces(), 2, undefined, 'run-a.n0nce'), { fresh: true });
  mine.server.close();
  const other = await oracle('ok run-b.0ther');
  const answer = await checkFreshHealth({ host: '127.0.0.1', port: other.port }, nonces(), 2, undefined, 'run-a.n0nce');
  assert.equal(answer.fresh, false);
  assert.match(answer.last!, /without the run's identity run-a\.n0nce/);
  other.server.close();
});
