// Attack figures from literal records: the window merge, recovery, the bytes each attack sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import { headerFloodRequest, openingBytes, pipelineBatch, statusesIn, trickleBytes } from '../traffic/attacks/attack-bytes.js';
import type { AttackPhaseRecord } from '../record/attack.js';
import { attackNotes, mergeWindow, plannedConnections, recoveryBound, recoveryMs } from './attacks.js';

const second = (startMs: number, latencyUs: number, count = 100) => {
  const h = createLatencyHistogram();
  h.recordValueWithCount(latencyUs, count);
  return { startMs, endMs: startMs + 1000, latencyUs: encodeHistogram(h) };
};

test('under attack: the seconds whose middle is inside the window; recovery at the first second back within the bound', () => {
  const intervals = [second(0, 500), second(1000, 20_000), second(2000, 30_000), second(3000, 9_000), second(4000, 600)];
  const merged = mergeWindow(intervals, 500, 3000)!;
  assert.ok(merged);
  assert.equal(mergeWindow(intervals, 600, 1400), null);
  assert.equal(recoveryBound(1000), 2500);
  assert.equal(recoveryMs(intervals, 3000, recoveryBound(1000)), 1000, 'the second at 3 s is still slow, the one at 4 s is back');
  assert.equal(recoveryMs(intervals.slice(0, 4), 3000, recoveryBound(1000)), null);
});

test('attack bytes: an unfinished head, a declared body, pipelined batches, a 10 KB head under the 16 KiB limit', () => {
  assert.equal(openingBytes('slowloris')!.toString('latin1'), 'GET /pb-slowloris HTTP/1.1\r\nHost: t\r\n');
  assert.match(openingBytes('slow-body')!.toString('latin1'), /Content-Length: 8192\r\n\r\n$/);
  assert.equal(trickleBytes('slowloris', 3)!.toString('latin1'), 'X-a3: b\r\n');
  assert.equal(openingBytes('connection-flood'), undefined);
  assert.equal(pipelineBatch(3).toString('latin1').split('GET ').length - 1, 3);
  const flood = headerFloodRequest().length;
  assert.ok(flood > 10_000 && flood < 15_000, String(flood));
  assert.deepEqual(statusesIn(Buffer.from('HTTP/1.1 408 Request Timeout\r\n\r\nHTTP/1.1 200 OK\r\n')), ['408', '200']);
});

test('attack notes: an attacker short of its plan, and a proxy that never took the attack connections', () => {
  const record = (kind: AttackPhaseRecord['kind'], opened: number, maxOpen: number, peak: number | null): AttackPhaseRecord => ({
    kind, clean: 'clean', params: { connections: 4000, ratePerSec: 2000, intervalMs: 5000, depth: 1, durationMs: 2000 },
    window: { startMs: 0, endMs: 2000 }, proxyConnectionsPeak: peak, proxyFdsPeak: null, error: null,
    attacker: {
      kind, durationMs: 2000, connectionsOpened: opened, connectionsFailed: 0, maxOpen, closedByProxy: 0, firstCutMs: null,
      medianCutMs: null, statuses: {}, requestsSent: 0, bytesSent: 0, bytesReceived: 0,
    },
  });
  assert.equal(plannedConnections(record('connection-flood', 0, 0, 0)), 4000, 'min(4000 connections, 2000/s × 2 s)');
  assert.equal(plannedConnections({ ...record('slowloris', 0, 0, 0), params: { connections: 1000, ratePerSec: 200, intervalMs: 2000, depth: 1, durationMs: 2000 } }), 400);
  assert.equal(plannedConnections(record('pipeline-flood', 0, 0, 0)), 4000, 'floods open their connections once');
  assert.deepEqual(attackNotes(record('connection-flood', 3990, 3990, 3960)), []);
  assert.match(attackNotes(record('connection-flood', 2000, 2000, 1990)).join(), /opened 2000 of 4000 planned/);
  assert.match(attackNotes(record('connection-flood', 3985, 3985, 9)).join(), /never held most attack connections \(peak 9.*: it closed them/);
  const deferred = { ...record('connection-flood', 3985, 3985, 9), proxyUnacceptedPeak: 3970 };
  assert.match(attackNotes(deferred).join(), /up to 3970 waited in the kernel in SYN_RECV, never accepted \(a listener with TCP_DEFER_ACCEPT/);
  assert.deepEqual(attackNotes({ ...record('slowloris', 0, 0, null), attacker: null, error: 'boom' }), ['the attacker reported nothing: boom']);
});

test('TLS attacks: proxy CPU per attack handshake beyond the clean rate; a flood that closes at once is not "never held"', async () => {
  const { cpuUsPerAttackHandshake } = await import('./attacks.js');
  const attack = (kind: AttackPhaseRecord['kind'], handshakes: number, hold = false): AttackPhaseRecord => ({
    kind, clean: 'clean', params: { connections: 400, ratePerSec: 200, intervalMs: 1000, depth: 1, durationMs: 2000, hold },
    window: { startMs: 0, endMs: 2000 }, proxyConnectionsPeak: 3, proxyFdsPeak: null, error: null,
    attacker: {
      kind, durationMs: 2000, connectionsOpened: 400, connectionsFailed: 0, maxOpen: 400, closedByProxy: 0, firstCutMs: null, medianCutMs: null,
      statuses: {}, requestsSent: 0, bytesSent: 0, bytesReceived: 0, tls: { handshakes, resumed: 0, handshakeErrors: handshakes < 400 ? { ECONNRESET: 400 - handshakes } : {}, handshakesInProgressAtEnd: 0, clientHelloBytes: null, helloesCompleted: 0 },
    },
  });
  const proxy = (cpuCores: number, durationMs: number) => ({ cpuCores, cpuSeconds: (cpuCores * durationMs) / 1000, cpuSecondsPer1kRequests: null, rssPeakBytes: 1, rssSteadyBytes: 1, threadsMax: 1, samples: 3 });
  const phase = (cpuCores: number, a?: AttackPhaseRecord, valid = true) => ({
    name: a ? 'flood' : 'clean', durationMs: 3000, validity: { valid, reasons: valid ? [] : ['late'] }, resources: { proxy: proxy(cpuCores, 3000), upstream: null, generator: null }, ...(a ? { attack: a } : {}),
  }) as unknown as import('../record/run.js').PhaseRecord;
  // 0.5 cores beyond the clean 0.1 over 3 s = 1.5 s of CPU for 400 handshakes: 3750 µs each.
  assert.equal(cpuUsPerAttackHandshake(phase(0.6, attack('tls-handshake-flood', 400)), phase(0.1)), 3750);
  assert.equal(cpuUsPerAttackHandshake(phase(0.6, attack('tls-handshake-flood', 0)), phase(0.1)), null, 'no handshake, no figure');
  assert.equal(cpuUsPerAttackHandshake(phase(0.6, attack('tls-hello-dribble', 400)), phase(0.1)), null);
  assert.equal(cpuUsPerAttackHandshake(phase(0.6, attack('tls-handshake-flood', 400)), phase(0.1, undefined, false)), null, 'an invalid clean phase is no baseline');
  assert.deepEqual(attackNotes(attack('tls-handshake-flood', 400)), [], 'closing each connection at once holds none, on purpose');
  assert.match(attackNotes(attack('tls-handshake-flood', 400, true)).join(), /never held most attack connections/);
  assert.match(attackNotes(attack('tls-handshake-flood', 390)).join(), /failed after the TCP connect: 10 ECONNRESET/);
});
