// Tests for the loopback-only target check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchError } from '../shared/errors.js';
import { assertLoopbackTarget, isLoopbackHost } from './safety.js';

test('loopback hosts are accepted', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '127.255.255.254', 'localhost', 'LOCALHOST']) {
    assert.equal(isLoopbackHost(host), true, host);
    assert.doesNotThrow(() => assertLoopbackTarget({ host, port: 8080 }));
  }
});

test('anything else is refused with UNSAFE_TARGET', () => {
  const unsafe = ['10.0.0.1', '192.168.1.1', '8.8.8.8', '0.0.0.0', '128.0.0.1', '::1', 'example.com', '127.0.0.1.nip.io', '1270.0.0.1', ''];
  for (const host of unsafe) {
    assert.equal(isLoopbackHost(host), false, host);
    assert.throws(() => assertLoopbackTarget({ host, port: 80 }), (e: unknown) => e instanceof BenchError && e.code === 'UNSAFE_TARGET');
  }
});

test('a bad port is a config error', () => {
  assert.throws(() => assertLoopbackTarget({ host: '127.0.0.1', port: 0 }), (e: unknown) => e instanceof BenchError && e.code === 'CONFIG');
  assert.throws(() => assertLoopbackTarget({ host: '127.0.0.1', port: 70000 }), (e: unknown) => e instanceof BenchError && e.code === 'CONFIG');
});
