// End-to-end tests of startUpstream on port 0: exact bodies, keep-alive, pipelining, stats, 400s and injected delay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistogram } from '../measure/histogram.js';
import { EnvironmentError, UsageError } from '../shared/errors.js';
import { RawHttpClient } from './raw-http-client.js';
import { startUpstream, type UpstreamHandle, type UpstreamOptions } from './server.js';

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: t\r\n${extra}\r\n`;

async function withUpstream(options: Partial<UpstreamOptions>, body: (u: UpstreamHandle) => Promise<void>): Promise<void> {
  const upstream = await startUpstream({ host: '127.0.0.1', port: 0, bodyBytes: 100, latency: { distribution: 'none' }, ...options });
  try {
    await body(upstream);
  } finally {
    await upstream.close();
  }
}

async function exchange(port: number, requests: string, count: number) {
  const client = await RawHttpClient.connect(port);
  client.send(requests);
  const responses = await client.responses(count);
  return { client, responses };
}

for (const bodyBytes of [0, 1, 1000, 200_000]) {
  test(`the body has exactly ${bodyBytes} bytes`, () =>
    withUpstream({ bodyBytes }, async (u) => {
      const { client, responses } = await exchange(u.port, get('/any/path?q=1'), 1);
      const [r] = responses;
      assert.equal(r?.status, 200);
      assert.equal(r.headers.get('content-length'), String(bodyBytes));
      assert.equal(r.body.length, bodyBytes);
      client.destroy();
    }));
}

test('keep-alive: several requests in turn on one connection', () =>
  withUpstream({}, async (u) => {
    const client = await RawHttpClient.connect(u.port);
    for (let i = 0; i < 5; i++) {
      client.send(get(`/k${i}`));
      const [r] = await client.responses(1);
      assert.equal(r?.status, 200);
      assert.equal(client.closed, false);
    }
    assert.equal(u.stats().connectionsOpened, 1);
    client.destroy();
  }));

test('pipelined requests (with bodies) are answered in order', () =>
  withUpstream({ bodyBytes: 3 }, async (u) => {
    const pipeline =
      get('/1') +
      'POST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody' +
      get('/__pb/health') +
      'POST /3 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' +
      get('/4');
    const { client, responses } = await exchange(u.port, pipeline, 5);
    assert.deepEqual(responses.map((r) => r.body.toString()), ['xxx', 'xxx', 'ok', 'xxx', 'xxx']);
    client.destroy();
  }));

test('HTTP/1.0 and Connection: close get Connection: close and a closed connection', () =>
  withUpstream({}, async (u) => {
    for (const request of ['GET / HTTP/1.0\r\n\r\n', get('/', 'Connection: close\r\n')]) {
      const { client, responses } = await exchange(u.port, request, 1);
      assert.equal(responses[0]?.headers.get('connection'), 'close');
      await client.waitClosed();
    }
    const { client, responses } = await exchange(u.port, 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', 1);
    assert.equal(responses[0]?.headers.get('connection'), 'keep-alive');
    client.destroy();
  }));

test('HEAD gets the headers without the body', () =>
  withUpstream({ bodyBytes: 10 }, async (u) => {
    const client = await RawHttpClient.connect(u.port);
    client.send('HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
    const raw = await client.unparsedUntilClosed();
    assert.equal(raw, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n');
  }));

test('stats count benign requests but not health or stats requests; reset zeroes them', () =>
  withUpstream({}, async (u) => {
    const { client } = await exchange(u.port, get('/a') + get('/b') + get('/__pb/health') + get('/c'), 4);
    client.send(get('/__pb/stats'));
    const [statsResponse] = await client.responses(1);
    const stats = JSON.parse(statsResponse!.body.toString());
    assert.equal(stats.requests, 3);
    assert.equal(stats.healthRequests, 1);
    assert.equal(stats.connectionsOpened, 1);
    assert.equal(stats.connectionsOpen, 1);
    assert.ok(stats.bytesRead > 0 && stats.bytesWritten > 300);
    assert.equal(decodeHistogram(stats.appliedDelayUs).totalCount, 3);
    client.send('POST /__pb/stats/reset HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n');
    assert.equal((await client.responses(1))[0]?.status, 200);
    const after = u.stats();
    assert.deepEqual([after.requests, after.healthRequests, after.bytesWritten, after.connectionsOpen], [0, 0, 0, 1]);
    assert.equal(decodeHistogram(after.appliedDelayUs).totalCount, 0);
    client.destroy();
  }));

test('attack requests (a `pb-attack=` target, sized or not) are counted apart as well as in `requests`; reset zeroes them', () =>
  withUpstream({}, async (u) => {
    const { client } = await exchange(u.port, get('/a') + get('/pb-attack/rapid-reset?pb-attack=n1&s=1') + get('/__pb/bytes/10?pb-attack=n1&s=3'), 3);
    assert.deepEqual([u.stats().requests, u.stats().attackRequests], [3, 2]);
    client.send('POST /__pb/stats/reset HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n');
    await client.responses(1);
    assert.equal(u.stats().attackRequests, 0);
    client.destroy();
  }));

test('unknown control paths get 404, wrong methods 405', () =>
  withUpstream({}, async (u) => {
    const { client, responses } = await exchange(u.port, get('/__pb/nope') + get('/__pb/stats/reset'), 2);
    assert.deepEqual(responses.map((r) => r.status), [404, 405]);
    assert.equal(u.stats().requests, 0);
    client.destroy();
  }));

for (const garbage of ['GARBAGE\r\n\r\n', '\x16\x03\x01\x00\x05hello', 'GET / HTTP/1.1\r\n\r\n']) {
  test(`400 and close on malformed bytes ${JSON.stringify(garbage.slice(0, 12))}`, () =>
    withUpstream({}, async (u) => {
      const { client, responses } = await exchange(u.port, get('/ok') + garbage, 2);
      assert.deepEqual(responses.map((r) => r.status), [200, 400]);
      await client.waitClosed();
      assert.equal(u.stats().malformedRequests, 1);
    }));
}

test('a fixed 20 ms delay: every applied delay is at least 20 ms, responses stay in order', () =>
  withUpstream({ latency: { distribution: 'fixed', us: 20_000 }, bodyBytes: 2 }, async (u) => {
    const { client, responses } = await exchange(u.port, get('/1') + get('/2') + get('/__pb/health') + get('/3'), 4);
    assert.deepEqual(responses.map((r) => r.body.toString()), ['xx', 'xx', 'ok', 'xx']);
    client.send(get('/4'));
    await client.responses(1);
    const applied = decodeHistogram(u.stats().appliedDelayUs);
    assert.equal(applied.totalCount, 4);
    assert.ok(applied.minNonZeroValue >= 20_000, `min applied delay ${applied.minNonZeroValue} µs`);
    client.destroy();
  }));

test('a delayed response still goes out after the client half-closes', () =>
  withUpstream({ latency: { distribution: 'fixed', us: 5000 } }, async (u) => {
    const client = await RawHttpClient.connect(u.port);
    client.send(get('/'));
    client.endWriting();
    const [r] = await client.responses(1);
    assert.equal(r?.status, 200);
    await client.waitClosed();
  }));

test('close() drops open keep-alive connections and pending delayed responses', async () => {
  const u = await startUpstream({ host: '127.0.0.1', port: 0, bodyBytes: 1, latency: { distribution: 'fixed', us: 10_000_000 } });
  const client = await RawHttpClient.connect(u.port);
  client.send(get('/slow'));
  await u.close();
  await client.waitClosed();
});

test('a taken port is an EnvironmentError naming the port', () =>
  withUpstream({}, async (u) => {
    await assert.rejects(
      startUpstream({ host: '127.0.0.1', port: u.port, bodyBytes: 1, latency: { distribution: 'none' } }),
      (error: unknown) => error instanceof EnvironmentError && error.message === `port ${u.port} is in use`,
    );
  }));

test('only loopback hosts are accepted', async () => {
  await assert.rejects(startUpstream({ host: '0.0.0.0', port: 0, bodyBytes: 1, latency: { distribution: 'none' } }), UsageError);
});
