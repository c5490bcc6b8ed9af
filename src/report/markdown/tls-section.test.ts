// Tests for report.md's TLS section: listeners, CPU per handshake with its basis, overhead, invalid TLS phases named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tlsRecord } from '../../testing/tls-record.js';
import { renderTlsSection } from './tls-section.js';

test('the TLS section names the library, the estimate, the overhead against plaintext and every invalid TLS phase', () => {
  const md = renderTlsSection(tlsRecord('nginx', [
    { name: 'plain-1k', latencyUs: 300, rps: 1000, proxyCpuSeconds: 1.0 },
    { name: 'tls-1k', latencyUs: 450, rps: 990, proxyCpuSeconds: 1.5, tls: { mode: 'keepalive', handshakes: 64 } },
    { name: 'full', latencyUs: 2500, rps: 100, proxyCpuSeconds: 1.2, tls: { mode: 'full' } },
    { name: 'broken', latencyUs: 9000, rps: 100, proxyCpuSeconds: 1, tls: { mode: 'resumed' }, valid: false },
  ]));
  assert.match(md, /^## TLS/);
  assert.match(md, /\| nginx \| OpenSSL 3\.0\.19 \| tickets \+ cache \| TLSv1\.3, TLS_AES_128_GCM_SHA256, rsa2048 \|/);
  assert.match(md, /\| nginx \| full \| full \| 100 \| 1200 µs \| 833 \(estimate\) \|/);
  assert.match(md, /\| nginx \| tls-1k \| plain-1k \| −10\.0 \| \+150 µs \| \+0\.0515 \|/);
  assert.match(md, /- nginx #1 broken: generator fell behind its schedule/);
  assert.doesNotMatch(md, /\| broken \|/, 'an invalid phase is never in a table');
});

test('a run without TLS phases has no TLS section', () => {
  assert.equal(renderTlsSection(tlsRecord('nginx', [{ name: 'plain', latencyUs: 300, rps: 1000, proxyCpuSeconds: 1 }])), '');
});
