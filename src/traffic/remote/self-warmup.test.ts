// A fresh remote worker's warm-up: only when the common start leaves time for it, and only on its own loopback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selfWarmupDurationMs, selfWarmupMs, warmOnLoopback } from './self-warmup.js';

test('the warm-up takes what the lead leaves, at most 2 s, and is skipped when too little is left', () => {
  assert.equal(selfWarmupDurationMs(8000), selfWarmupMs.most);
  assert.equal(selfWarmupDurationMs(2500), 1000, 'leaves 1.5 s before the phase for the warm pool');
  assert.equal(selfWarmupDurationMs(1800), 0, 'under 0.5 s of warm-up is not worth it');
  assert.equal(selfWarmupDurationMs(-300), 0, 'a late worker goes straight to its phase');
});

test('it runs against a server of its own on loopback and leaves nothing open', async () => {
  const phase = { kind: 'open' as const, target: { host: 'pb-r-nginx-1-target', port: 8080 }, request: { method: 'GET' as const, path: '/' }, ratePerSec: 400, maxConnections: 8, durationMs: 1000, timeoutMs: 1000 };
  const before = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
  await warmOnLoopback(phase, 2, 500);
  await new Promise((resolve) => setTimeout(resolve, 300)); // closed sockets are released on a later turn
  const after = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
  assert.ok(after <= before, `no server or socket left behind (${before} before, ${after} after)`);
});
