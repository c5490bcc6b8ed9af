// A port taken between the free-port check and the bind: whatever answers there is refused unless it carries the run's identity.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { startUpstream } from '../../upstream/server.js';
import { waitHealthy } from './health.js';
import { assertPortFree } from './ports.js';
import { PortTakenError } from '../../shared/errors.js';

const noSleep = async () => undefined;

test('a stranger answering 200 on the port is foreign, at once; our own upstream is healthy', async () => {
  const stranger = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
  const port = (stranger.address() as { port: number }).port;
  try {
    const judged = await waitHealthy({ host: '127.0.0.1', port, path: '/__pb/health', deadlineMs: 5000, exited: () => undefined, sleep: noSleep, identity: 'run-a.0123456789abcdef' });
    assert.equal(judged.ok, false);
    assert.ok(!judged.ok && judged.foreign, 'refused without waiting for the deadline');
    assert.match(!judged.ok ? judged.reason : '', /answers 200 without this run’s identity/);
  } finally {
    stranger.close();
  }
  const upstream = await startUpstream({ host: '127.0.0.1', port: 0, bodyBytes: 16, latency: { distribution: 'none' }, identity: 'run-a.0123456789abcdef' });
  try {
    assert.deepEqual(await waitHealthy({ host: '127.0.0.1', port: upstream.port, path: '/__pb/health', deadlineMs: 5000, exited: () => undefined, sleep: noSleep, identity: 'run-a.0123456789abcdef' }), { ok: true });
    const other = await waitHealthy({ host: '127.0.0.1', port: upstream.port, path: '/__pb/health', deadlineMs: 5000, exited: () => undefined, sleep: noSleep, identity: 'run-b.0123456789abcdef' });
    assert.match(!other.ok ? other.reason : '', /another proxybench run, run-a, not this one/);
    assert.equal(upstream.stats().identity, 'run-a.0123456789abcdef', 'stats carry the identity too');
    await assert.rejects(assertPortFree('127.0.0.1', upstream.port, 'ports.upstream'), (e: unknown) => e instanceof PortTakenError && /in use by proxybench run run-a/.test(e.message));
  } finally {
    await upstream.close();
  }
});
