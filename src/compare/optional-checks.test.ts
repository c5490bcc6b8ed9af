// Literal fixtures for the data-activated checks: memory per connection and probe verdicts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryChecks, probeChecks } from './optional-checks.js';
import type { MemorySeries } from '../analyze/memory-series.js';
import { resolveThresholds } from './thresholds.js';

const ladder = (variant: string, repetition: number, bytesPerConn: number, name = 'idle', status: MemorySeries['status'] = 'ok'): MemorySeries => ({
  variant, ladder: name, kind: 'idle', repetition, points: [], fit: status === 'skipped' ? null : { bytesPerConn, baseBytes: 1e6, r2: 0.99 },
  kernelBytesPerConn: null, maxHeld: 1000, maxOpened: 1000, closedByProxy: false, status, note: null, unmeasured: null,
});
const thresholds = resolveThresholds({}, {});

test('memory per connection: +50% over 3 repetitions fails against the 5% default', () => {
  const base = [1, 2, 3].map((r) => ladder('nginx', r, 2000 + r));
  const cand = [1, 2, 3].map((r) => ladder('nginx', r, 3000 + r));
  const [check] = memoryChecks(base, cand, thresholds, 0.05);
  assert.equal(check!.verdict, 'fail');
  assert.equal(check!.phase, 'idle');
  assert.equal(check!.trafficClass, 'connection-ladder');
  assert.equal(check!.baselineMedian, 2002);
  assert.equal(check!.candidateMedian, 3002);
});

test('memory per connection: within 5% passes; each ladder is checked apart; unmatched and skipped ladders are not', () => {
  const base = [ladder('nginx', 1, 2000), ladder('nginx', 1, 9000, 'buffered'), ladder('caddy', 1, 5000), ladder('direct', 1, 0, 'idle', 'skipped')];
  const cand = [ladder('nginx', 1, 2000), ladder('nginx', 1, 9000, 'buffered'), ladder('haproxy', 1, 100), ladder('direct', 1, 0, 'idle', 'skipped')];
  const checks = memoryChecks(base, cand, thresholds, 0.05);
  assert.deepEqual(checks.map((c) => [c.variant, c.phase, c.verdict]), [['nginx', 'idle', 'pass'], ['nginx', 'buffered', 'pass']]);
});

test('probe verdicts: worse fails, same or safer passes, unknown names are inconclusive', () => {
  const base = [
    { variant: 'nginx', probe: 'cl-te', verdict: 'REJECT', pass: true },
    { variant: 'nginx', probe: 'te-cl', verdict: 'HANG', pass: false },
    { variant: 'nginx', probe: 'obs-fold', verdict: 'NORMALIZE', pass: true },
    { variant: 'nginx', probe: 'custom', verdict: 'REJECT', pass: true },
  ];
  const cand = [
    { variant: 'nginx', probe: 'cl-te', verdict: 'MISFRAME', pass: false },
    { variant: 'nginx', probe: 'te-cl', verdict: 'REJECT', pass: true },
    { variant: 'nginx', probe: 'obs-fold', verdict: 'REJECT', pass: true },
    { variant: 'nginx', probe: 'custom', verdict: 'WEIRD', pass: false },
    { variant: 'nginx', probe: 'new-probe', verdict: 'CRASH', pass: false },
  ];
  const checks = probeChecks(base, cand);
  assert.deepEqual(checks.map((c) => [c.phase, c.verdict]), [['cl-te', 'fail'], ['te-cl', 'pass'], ['obs-fold', 'pass'], ['custom', 'inconclusive']]);
  assert.equal(checks[0]!.baselineLabel, 'REJECT');
  assert.equal(checks[0]!.candidateLabel, 'MISFRAME');
});

test('probe verdicts over repetitions: the worst one counts', () => {
  const base = [{ variant: 'haproxy', probe: 'p', verdict: 'REJECT', pass: true }];
  const cand = [{ variant: 'haproxy', probe: 'p', verdict: 'REJECT', pass: true }, { variant: 'haproxy', probe: 'p', verdict: 'DESYNC', pass: false }];
  assert.equal(probeChecks(base, cand)[0]!.verdict, 'fail');
});
