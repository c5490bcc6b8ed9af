// Tests for the adversarial safety rule: loopback, or a container address its runtime vouches for; nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunningTarget } from './target.js';
import { ConfigError, UnsafeTargetError } from '../shared/errors.js';
import { assertAdversarialAddress } from '../traffic/safety.js';
import type { TargetAddress, VouchedEndpoint } from '../traffic/types.js';
import { adversarialAddress, assertStartedTarget } from './adversarial-safety.js';

const vouch = (host: string, port: number): VouchedEndpoint => ({ address: { host, port }, network: 'pb-run1', runId: 'run1', tcpTables: ['/proc/1/net/tcp'] });

function target(address: TargetAddress, vouched?: VouchedEndpoint, exited = false): RunningTarget {
  return {
    variant: 'nginx', address, vouched, resources: undefined, version: undefined, logFile: undefined,
    exit: () => (exited ? { code: 1, signal: null } : undefined),
    stop: async () => undefined,
  };
}

const refused = (address: string, why: RegExp) => (e: unknown) => e instanceof UnsafeTargetError && e.code === 'UNSAFE_TARGET' && e.address === address && why.test(e.reason) && e.message.includes(address);

test('loopback addresses are accepted without any vouching', () => {
  for (const host of ['127.0.0.1', '127.3.2.1', 'localhost']) assert.doesNotThrow(() => assertAdversarialAddress({ host, port: 8080 }));
});

test('a container address is accepted when the runtime vouches for exactly that address and port', () => {
  const vouched = [vouch('172.18.0.3', 8080)];
  assert.doesNotThrow(() => assertAdversarialAddress({ host: '172.18.0.3', port: 8080 }, vouched));
  assert.throws(() => assertAdversarialAddress({ host: '172.18.0.3', port: 8081 }, vouched), refused('172.18.0.3:8081', /no runtime of this run vouches/));
  assert.throws(() => assertAdversarialAddress({ host: '172.18.0.4', port: 8080 }, vouched), refused('172.18.0.4:8080', /no runtime of this run vouches/));
});

test('private and public addresses nobody vouched for are refused, naming the address and why', () => {
  for (const host of ['10.0.0.5', '172.18.0.3', '192.168.1.1', '8.8.8.8', '0.0.0.0']) {
    assert.throws(() => assertAdversarialAddress({ host, port: 80 }), refused(`${host}:80`, /not a loopback address, and no runtime/));
  }
  for (const host of ['example.com', '::1', 'fd00::1']) {
    assert.throws(() => assertAdversarialAddress({ host, port: 80 }, [vouch(host, 80)]), refused(`${host}:80`, /name or an IPv6 address/));
  }
});

test('a bad port is a config error', () => {
  assert.throws(() => assertAdversarialAddress({ host: '127.0.0.1', port: 0 }), ConfigError);
});

test('a started target is probed at its vouched container address, else at its loopback address', () => {
  const bridged = target({ host: '127.0.0.1', port: 18080 }, vouch('172.18.0.3', 8080));
  assert.deepEqual(adversarialAddress(bridged), { host: '172.18.0.3', port: 8080 });
  assert.doesNotThrow(() => assertStartedTarget(bridged, new Set([bridged])));
  const local = target({ host: '127.0.0.1', port: 18080 });
  assert.deepEqual(adversarialAddress(local), { host: '127.0.0.1', port: 18080 });
  assert.doesNotThrow(() => assertStartedTarget(local));
});

test('a target off loopback without a vouch, one this run did not start, or one that exited is refused', () => {
  const offLoopback = target({ host: '10.1.2.3', port: 80 });
  assert.throws(() => assertStartedTarget(offLoopback), refused('10.1.2.3:80', /not a loopback address/));
  const stranger = target({ host: '127.0.0.1', port: 80 });
  assert.throws(() => assertStartedTarget(stranger, new Set()), refused('127.0.0.1:80', /did not start nginx there/));
  assert.throws(() => assertStartedTarget(target({ host: '127.0.0.1', port: 80 }, undefined, true)), refused('127.0.0.1:80', /nginx there has exited/));
});
