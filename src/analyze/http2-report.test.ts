// Tests for the HTTP/2 section's rows: which phase pairs with which, the Δs, memory beside TLS HTTP/1.1, what is not a result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { http2Ladders, http2Phases, http2Record, type Http2FixturePhase } from '../testing/http2-record.js';
import { http2Report } from './http2-report.js';
import { tlsReport } from './tls-report.js';

const withPhase = (name: string, over: Partial<Http2FixturePhase>) => http2Phases.map((p) => (p.name === name ? { ...p, ...over } : p));

test('h2 and h2c open loops sit beside the TLS HTTP/1.1 phase of their rate, with Δp99 and Δ CPU per 1k requests against it', () => {
  const report = http2Report(http2Record(['nginx', 'haproxy'], http2Phases, http2Ladders))!;
  assert.equal(report.open.length, 2, 'one group per cell and rate');
  const [nginx] = report.open;
  assert.equal(nginx!.variant, 'nginx');
  assert.equal(nginx!.ratePerSec, 1000);
  assert.equal(nginx!.baseline?.phase, 'tls-h1-1k');
  assert.equal(nginx!.baseline?.proxyCpuSPer1k, 0.2); // 1.6 s over 8000 requests
  assert.deepEqual(nginx!.http2.map((v) => [v.figures.phase, v.figures.protocol, v.figures.p50Us, v.figures.p99Us, v.figures.p999Us, v.p99DeltaUs]), [
    ['h2-1k', 'h2', 520, 520, 1900, 120],
    ['h2c-1k', 'h2c', 350, 350, 1200, -50],
  ]);
  assert.deepEqual(nginx!.http2.map((v) => v.proxyCpuSPer1kDelta), [Math.round((1200 / 7992 - 0.2) * 1e5) / 1e5, -0.1]);
  assert.equal(nginx!.http2[0]!.figures.streams, 10);
  assert.equal(nginx!.baseline?.streams, null, 'HTTP/1.1 has no streams');
});

test('the closed-loop h2 phase is listed with its streams; a TLS HTTP/1.1 closed loop pairs only with as many requests in flight', () => {
  const alone = http2Report(http2Record(['nginx'], http2Phases))!;
  assert.deepEqual(alone.closed.map((r) => [r.figures.phase, r.figures.rps, r.figures.connections, r.figures.streams, r.baseline]), [['h2-max', 21000, 8, 10, undefined]]);
  const h1 = (name: string, connections: number): Http2FixturePhase => ({ name, loop: 'closed', tls: true, connections, latencyUs: 1000, tailUs: 1200, rps: 15000, proxyCpuSeconds: 7 });
  const paired = http2Report(http2Record(['nginx'], [...http2Phases, h1('tls-h1-c8', 8), h1('tls-h1-c80', 80)]))!;
  assert.equal(paired.closed[0]!.baseline?.phase, 'tls-h1-c80', '8 connections × 10 streams = 80 in flight');
  assert.equal(paired.closed[0]!.rpsDelta, 6000);
  assert.equal(paired.closed[0]!.p99DeltaUs, 800);
});

test('a plaintext HTTP/1.1 phase or one at another rate is no baseline; an invalid baseline leaves the Δ empty', () => {
  const plain = http2Report(http2Record(['nginx'], withPhase('tls-h1-1k', { tls: false })))!;
  assert.equal(plain.open[0]!.baseline, undefined);
  assert.equal(plain.open[0]!.http2[0]!.p99DeltaUs, null);
  const other = http2Report(http2Record(['nginx'], withPhase('tls-h1-1k', { ratePerSec: 2000 })))!;
  assert.equal(other.open[0]!.baseline, undefined);
  const invalid = http2Report(http2Record(['nginx'], withPhase('tls-h1-1k', { invalid: ['generator fell behind its schedule'] })))!;
  assert.equal(invalid.open[0]!.baseline, undefined);
  assert.deepEqual(invalid.invalid, [], 'an invalid HTTP/1.1 phase is not the HTTP/2 section’s to list');
});

test('memory per idle h2 / h2c connection sits beside the TLS HTTP/1.1 ladder of its kind; a ladder without a figure says why', () => {
  const ladders = [...http2Ladders.slice(0, 2), { name: 'idle-h2c', protocol: 'h2c' as const, bytesPerConn: null, status: 'failed' as const, note: 'h2c preface refused' }];
  const report = http2Report(http2Record(['nginx', 'haproxy'], http2Phases, ladders))!;
  assert.deepEqual(report.memory.map((m) => [m.variant, m.ladder, m.protocol, m.bytesPerConn, m.baselineLadder, m.baselineBytesPerConn]), [
    ['nginx', 'idle-h2', 'h2', 60_000, 'idle-tls', 40_000],
    ['haproxy', 'idle-h2', 'h2', 60_000, 'idle-tls', 40_000],
  ]);
  assert.deepEqual(report.invalid.map((i) => [i.variant, i.phase, i.reasons[0]]), [['nginx', 'idle-h2c', 'ladder failed'], ['haproxy', 'idle-h2c', 'ladder failed']]);
  assert.match(report.invalid[0]!.reasons[1]!, /^not measured: RSS moved by 0 B .*; h2c preface refused$/, 'the flat RSS and the ladder’s own note');
});

test('an invalid h2 phase is listed with its reasons and in no table; listeners carry what each announced', () => {
  const reason = 'protocol h2 asked, but 8 of 8 connections negotiated http/1.1 by ALPN: not an HTTP/2 measurement';
  const report = http2Report(http2Record(['nginx'], withPhase('h2-1k', { invalid: [reason] })))!;
  assert.deepEqual(report.open[0]!.http2.map((v) => v.figures.phase), ['h2c-1k']);
  assert.deepEqual(report.invalid, [{ variant: 'nginx', repetition: 1, phase: 'h2-1k', reasons: [reason] }]);
  assert.deepEqual(report.listeners[0]!.listeners.map((l) => [l.listener, l.negotiated.alpn, l.negotiated.remoteSettings.maxConcurrentStreams]), [['h2', 'h2', 128], ['h2c', 'h2c', 100]]);
});

test('h2 benign traffic with an attack beside it is the attack tables’, not this section’s', () => {
  const record = http2Record(['nginx'], http2Phases);
  const underAttack = (name: string) => Object.assign(record.scenario.phases.find((p) => p.name === name)!, { attack: { kind: 'h2-rapid-reset', clean: 'h2c-1k' } as never });
  underAttack('h2-1k');
  const report = http2Report(record)!;
  assert.deepEqual(report.open[0]!.http2.map((v) => v.figures.phase), ['h2c-1k']);
  underAttack('h2c-1k');
  underAttack('h2-max');
  assert.equal(http2Report(record), undefined, 'no benign HTTP/2 phase left');
});

test('a run without h2 / h2c phases has no HTTP/2 section', () => {
  assert.equal(http2Report(http2Record(['nginx'], http2Phases.filter((p) => !p.protocol), http2Ladders.filter((l) => !l.protocol))), undefined);
});

test('the TLS section pairs HTTP/1.1 with HTTP/1.1 and h2 with h2c, and reads no HTTP/2 ladder as the plaintext one', () => {
  const tls = tlsReport(http2Record(['nginx'], http2Phases, http2Ladders))!;
  assert.deepEqual(tls.overhead.map((o) => [o.phase, o.overhead.plainPhase]), [['h2-1k', 'h2c-1k']], 'tls-h1-1k has no plaintext HTTP/1.1 twin');
  assert.deepEqual(tls.memory.map((m) => [m.tlsLadder, m.plainLadder]), [['idle-tls', undefined]]);
  const invalidH2 = tlsReport(http2Record(['nginx'], withPhase('h2-1k', { invalid: ['x'] })))!;
  assert.deepEqual(invalidH2.invalid, [], 'the HTTP/2 section lists invalid h2 phases');
});
