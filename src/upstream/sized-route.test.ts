// The upstream's /__pb/bytes/N route: N body bytes for GET and POST, counted as requests, 404 beyond 1 MiB.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawHttpClient } from './raw-http-client.js';
import { startUpstream } from './server.js';

test('/__pb/bytes/N answers N bytes to GET and POST (body read), keeps the connection and counts requests', async () => {
  const u = await startUpstream({ host: '127.0.0.1', port: 0, bodyBytes: 100, latency: { distribution: 'none' } });
  try {
    const client = await RawHttpClient.connect(u.port);
    client.send('GET /__pb/bytes/0 HTTP/1.1\r\nHost: t\r\n\r\n');
    client.send(`POST /__pb/bytes/16384 HTTP/1.1\r\nHost: t\r\nContent-Length: 16384\r\n\r\n${'y'.repeat(16384)}`);
    client.send('GET /__pb/bytes/2000000 HTTP/1.1\r\nHost: t\r\n\r\n');
    const [empty, sized, tooBig] = await client.responses(3);
    assert.equal(empty?.status, 200);
    assert.equal(empty.body.length, 0);
    assert.equal(sized?.status, 200);
    assert.equal(sized.body.length, 16384);
    assert.equal(tooBig?.status, 404);
    assert.equal(client.closed, false);
    assert.equal(u.stats().requests, 2);
    client.destroy();
  } finally {
    await u.close();
  }
});
