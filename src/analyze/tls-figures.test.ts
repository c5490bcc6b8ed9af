// Tests for the TLS figures: CPU per handshake, handshakes per core observed or estimated, overhead against plaintext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tlsRecord } from '../testing/tls-record.js';
import { summaryRows } from './rows.js';
import { tlsFigures, tlsOverhead } from './tls-figures.js';

const record = tlsRecord('nginx', [
  { name: 'plain-1k', latencyUs: 300, rps: 1000, proxyCpuSeconds: 1.0 },
  { name: 'tls-1k', latencyUs: 450, rps: 990, proxyCpuSeconds: 1.5, tls: { mode: 'keepalive', handshakes: 64 } },
  { name: 'full', latencyUs: 2500, rps: 100, proxyCpuSeconds: 1.2, tls: { mode: 'full' } },
  { name: 'busy', latencyUs: 9000, rps: 100, proxyCpuSeconds: 9.5, proxyCpuCores: 0.95, tls: { mode: 'full' } },
  { name: 'broken', latencyUs: 9000, rps: 100, proxyCpuSeconds: 1, tls: { mode: 'full' }, valid: false },
]);
const row = (name: string) => summaryRows(record).find((r) => r.phaseName === name)!;

test('full: CPU per handshake is the proxy CPU over the phase ÷ handshakes, and per-core capacity an estimate below saturation', () => {
  const f = tlsFigures(row('full'))!;
  assert.equal(f.handshakes, 1000);
  assert.equal(f.proxyCpuUsPerHandshake, 1200); // 1.2 s of CPU over 1000 handshakes
  assert.equal(f.handshakesPerSec, 100);
  assert.equal(f.handshakesPerSecPerCore, 833); // 1e6 / 1200
  assert.equal(f.handshakesPerCoreBasis, 'estimate');
  assert.equal(f.keyType, 'rsa2048');
});

test('a saturated proxy gives an observed per-core rate; keepalive has no per-handshake cost; invalid and plaintext phases have no figures', () => {
  const busy = tlsFigures(row('busy'))!;
  assert.equal(busy.handshakesPerCoreBasis, 'observed');
  assert.equal(busy.handshakesPerSecPerCore, Math.round(100 / 0.95));
  const keepalive = tlsFigures(row('tls-1k'))!;
  assert.equal(keepalive.proxyCpuUsPerHandshake, null);
  assert.equal(keepalive.handshakesPerCoreBasis, null);
  assert.equal(tlsFigures(row('broken')), undefined);
  assert.equal(tlsFigures(row('plain-1k')), undefined);
});

test('the TLS keep-alive phase is compared with the plaintext phase of the same rate in the same cell', () => {
  const r = row('tls-1k');
  assert.deepEqual(tlsOverhead(record, r.cell, r.phase), { plainPhase: 'plain-1k', rpsDelta: -10, p99DeltaUs: 150, cpuSPer1kDelta: 0.05152 });
  const full = row('full');
  assert.equal(tlsOverhead(record, full.cell, full.phase), undefined, 'only keepalive phases have a plaintext twin');
});
