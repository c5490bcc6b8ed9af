// HTTP/2 attack figures and verdicts from a record: forwarded reset streams, tail damage, GOAWAY, frames taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { h2Counts, h2Record } from '../testing/h2-attack-record.js';
import { attackFigures } from './attacks.js';
import { h2AttackFigures } from './h2-attacks.js';

const figuresOf = (record: ReturnType<typeof h2Record>) => h2AttackFigures(attackFigures(record.cells).at(-1)!)!;

test('rapid reset whose reset streams reach the origin: "forwards reset streams to the origin", with the share', () => {
  const f = figuresOf(h2Record('h2-rapid-reset', h2Counts({}), 960));
  assert.equal(f.forwardedResetPct, 96);
  assert.equal(f.bad, true);
  assert.match(f.verdict, /^forwards reset streams to the origin: 960 requests for 1000 streams the client had given up \(96%\), origin work nobody waits for;/);
  // Taking every reset without GOAWAY is no finding of its own: what it costs is the forwarding, the tail and the CPU.
  assert.deepEqual(f.findings, ['forwards-reset-streams']);
  assert.match(f.verdict, /benign http1 tail within 2× of clean \(p99 ×1\.0, p99\.9 ×1\.0\); no GOAWAY, 2000 of 2000 frames taken$/);
});

test('rapid reset that forwards almost nothing and keeps the tail: no finding, the counts said', () => {
  const f = figuresOf(h2Record('h2-rapid-reset', h2Counts({ firstGoawayMs: 120, firstGoawayCode: 'ENHANCE_YOUR_CALM', framesAccepted: 800 }), 1));
  assert.equal(f.bad, false);
  assert.match(f.verdict, /does not forward reset streams \(1 of 1000 reached the origin\)/);
  assert.match(f.verdict, /cuts attack connections: GOAWAY ENHANCE_YOUR_CALM after 120 ms \(800 of 2000 frames taken\)/);
});

test('benign p99 twelve times the clean one under attack is a finding named with its factor', () => {
  const f = figuresOf(h2Record('h2-ping-flood', h2Counts({ streamsOpened: 0, streamsResetByClient: 0 }), 0, 12_000));
  assert.ok(f.p99Ratio !== null && Math.abs(f.p99Ratio - 12) < 0.1, String(f.p99Ratio));
  assert.match(f.verdict, /^benign http1 p99 ×12 under attack \(1\.00 ms → 12\.0\d ms\)/);
  assert.match(f.verdict, /takes the whole flood: all 2000 frames without GOAWAY or close/);
  assert.deepEqual(f.findings, ['benign-tail', 'flood-taken']);
  assert.equal(f.forwardedResetPct, null); // not a kind whose every stream is reset
});

test('a listener that never negotiated h2: not measured, with the reason, not a pass or a finding', () => {
  const record = h2Record('h2-rapid-reset', h2Counts({ framesSent: 0, framesAccepted: 0, streamsOpened: 0, streamsResetByClient: 0, firstError: 'the TLS listener negotiated http/1.1, not h2' }), 0);
  record.cells[0]!.phases.at(-1)!.attack!.attacker!.connectionsOpened = 0;
  const f = figuresOf(record);
  assert.equal(f.bad, false);
  assert.match(f.verdict, /^not measured: .*negotiated http\/1\.1, not h2/);
});

test('connections ready but no frame sent (a starved attacker): not measured, never "took all 0 frames"', () => {
  const f = figuresOf(h2Record('h2-ping-flood', h2Counts({ framesSent: 0, framesAccepted: 0, streamsOpened: 0, streamsResetByClient: 0 }), 0));
  assert.equal(f.bad, false);
  assert.match(f.verdict, /^not measured: the attacker sent no attack frame/);
});

test('every figure there: no gaps; an invalid attack phase: each figure it holds says so, the upstream count stays', () => {
  const whole = figuresOf(h2Record('h2-rapid-reset', h2Counts({}), 960, 5000));
  assert.deepEqual(whole.gaps, {});
  assert.ok(whole.proxyCpuUsPerFrame !== null && whole.p99Ratio !== null);

  const record = h2Record('h2-rapid-reset', h2Counts({}), null, 5000);
  record.cells[0]!.phases.at(-1)!.validity = { valid: false, reasons: ['the generator fell behind its schedule'] };
  const f = figuresOf(record);
  assert.deepEqual(f.gaps, {
    forwardedToUpstream: 'the upstream’s attack-request count could not be read',
    proxyCpuUsPerFrame: 'attack phase invalid', proxyRssGrowthBytes: 'attack phase invalid',
    p99Ratio: 'attack phase invalid', p999Ratio: 'attack phase invalid', recoveryMs: 'attack phase invalid',
  });
});

test('benign p99 never back within its bound: the recovery gap names the bound; an invalid clean phase is named', () => {
  const record = h2Record('h2-ping-flood', h2Counts({ streamsOpened: 0, streamsResetByClient: 0 }), 0, 12_000);
  const last = record.cells[0]!.phases.at(-1)!;
  last.traffic.intervals = last.traffic.intervals.map((i) => ({ ...i, latencyUs: last.traffic.intervals[0]!.latencyUs }));
  assert.match(figuresOf(record).gaps.recoveryMs ?? '', /^benign p99 not back within \d+\.\d ms \(1\.5 × clean \+ 1 ms\) before the phase ended$/);
  record.cells[0]!.phases[0]!.validity = { valid: false, reasons: ['late'] };
  const f = figuresOf(record);
  assert.match(f.gaps.p99Ratio ?? '', /^clean phase .* invalid$/);
  assert.equal(f.gaps.proxyCpuUsPerFrame, f.gaps.p99Ratio);
});

test('RSS growth is read from the attack phase’s own start: memory an earlier phase left is not this attack’s', () => {
  // The proxy already held 7.5 MB when this phase started (an earlier attack's), and peaked at 8 MB in it.
  const f = figuresOf(h2Record('h2-ping-flood', h2Counts({ streamsOpened: 0, streamsResetByClient: 0 }), 0, 1000, 7.5e6));
  assert.equal(f.proxyRssGrowthBytes, 0.5e6);
  const record = h2Record('h2-ping-flood', h2Counts({ streamsOpened: 0, streamsResetByClient: 0 }), 0);
  record.cells[0]!.timeseries = {};
  const g = figuresOf(record);
  assert.equal(g.proxyRssGrowthBytes, null);
  assert.equal(g.gaps.proxyRssGrowthBytes, 'no proxy RSS sample at the attack phase’s start');
});
