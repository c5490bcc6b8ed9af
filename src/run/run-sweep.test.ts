// The sweep's transport: plain to the plaintext listener, TLS to the TLS listener on loopback only, a reason when the cell has none.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tempDir } from '../testing/cli.js';
import { generateTlsMaterial } from '../tls/certificates.js';
import type { RunningTarget } from '../runtime/target.js';
import type { TlsListenOptions } from '../runtime/tls-listener.js';
import { sweepTransport } from './run-sweep.js';

const target = (tls?: { host: string; port: number }): RunningTarget => ({
  variant: 'nginx', address: { host: '127.0.0.1', port: 18080 }, resources: undefined, version: undefined, logFile: undefined,
  exit: () => undefined, stop: async () => undefined,
  ...(tls ? { tls: { address: tls, info: {} as never } } : {}),
});
let listener: TlsListenOptions;
before(async () => {
  listener = { listenPort: 18443, version: '1.3', material: await generateTlsMaterial(tempDir('sweep-transport'), 'ecdsa-p256', new Date()) };
});

test('plain: the plaintext listener over TCP, whatever TLS the cell has', () => {
  const t = sweepTransport({ tls: false }, listener);
  assert.ok(!('skip' in t));
  assert.equal(t.connector.kind, 'plain');
  assert.deepEqual(t.address(target({ host: '127.0.0.1', port: 18443 })), { host: '127.0.0.1', port: 18080 });
});

test('tls: the TLS listener, verified against the run’s CA; a cell without one gives a reason, a target without one throws', () => {
  assert.deepEqual(sweepTransport({ tls: true }, undefined), { skip: 'probes.tls asks for a TLS listener, but the cell was started without one' });
  const t = sweepTransport({ tls: true }, listener);
  assert.ok(!('skip' in t));
  assert.equal(t.connector.kind, 'tls');
  assert.equal(t.connector.readyEvent, 'secureConnect');
  assert.deepEqual(t.address(target({ host: '127.0.0.1', port: 18443 })), { host: '127.0.0.1', port: 18443 });
  assert.throws(() => t.address(target()), /runs over TLS but nginx was started without a TLS listener/);
  assert.throws(() => t.address(target({ host: '10.1.2.3', port: 18443 })), /10\.1\.2\.3/, 'only loopback');
});
