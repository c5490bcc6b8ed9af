// Tests of the h2load runner: its log rebuilt into exact µs histograms, its arguments, a missing h2load, a real run where installed.
import assert from 'node:assert/strict';
import { createServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { decodeHistogram } from '../../measure/histogram.js';
import { spawnSync } from 'node:child_process';
import type { ClosedLoopSpec, Http2PhaseSpec } from '../types.js';
import { h2loadArgs, h2loadResult, parseH2loadLog, parseH2loadSummary, runH2load } from './h2load.js';

const spec = (port: number, over: Partial<ClosedLoopSpec> = {}): ClosedLoopSpec & { http2: Http2PhaseSpec } => ({
  kind: 'closed', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/p', headers: { 'x-a': 'b' } }, connections: 2,
  durationMs: 1000, timeoutMs: 1000, http2: { protocol: 'h2c', streamsPerConnection: 3 }, ...over,
});

test('the per-request log becomes exact µs histograms: failed streams are errors, intervals by completion second', () => {
  const log = ['1000000000000000\t200\t150', '1000000000000100\t200\t2500', '1000000000999000\t503\t3000', '1000000001000000\t-1\t10', 'garbage', ''].join('\n');
  const { rows, malformed } = parseH2loadLog(log);
  assert.equal(rows.length, 4);
  assert.equal(malformed, 1);
  const r = h2loadResult(rows, { startedAtMs: 5, durationMs: 2000, bytesRead: 10, bytesWritten: 0 });
  assert.equal(r.requests, 3);
  // The traffic's window is h2load's first logged start to its last logged end, not the spawn (5) + duration.
  assert.equal(r.startedAtMs, 1_000_000_000_000);
  assert.equal(r.endedAtMs, 1_000_000_001_002);
  assert.equal(r.non2xx, 1);
  assert.deepEqual(r.errors, { other: 1 });
  const h = decodeHistogram(r.latencyUs);
  assert.equal(h.totalCount, 3);
  assert.equal(h.minNonZeroValue, 150);
  assert.ok(Math.abs(h.maxValue - 3000) <= 3000 * 0.001, `max ${h.maxValue}`);
  // 150 µs and 2.5 ms end in second 0; the 503 started at 0.999 s and ended 3 ms later, in second 1.
  assert.deepEqual(r.intervals.map((i) => decodeHistogram(i.latencyUs).totalCount), [2, 1]);
  assert.equal(r.achievedRatePerSec, 1.5);
});

test('the summary gives the negotiated protocol and bytes; the arguments carry clients, streams, duration, headers, ALPN', () => {
  const s = parseH2loadSummary('Application protocol: h2\nrequests: 10 total, 10 started, 10 done, 9 succeeded, 1 failed\ntraffic: 1.22MB (1278440) total, 3KB (300) headers\n');
  assert.deepEqual(s, { protocol: 'h2', totalBytes: 1_278_440, succeeded: 9, failed: 1 });
  const args = h2loadArgs(spec(8443, { http2: { protocol: 'h2', streamsPerConnection: 7 } }), 2, '/tmp/log');
  assert.deepEqual(args.slice(0, 8), ['-t', '1', '-c', '2', '-m', '7', '-D', '1000ms']);
  assert.ok(args.includes('--npn-list=h2,http/1.1') && args.includes('x-a: b'));
  assert.equal(args.at(-1), 'https://127.0.0.1:8443/p');
  assert.equal(h2loadArgs(spec(80), 1, '/tmp/log').at(-1), 'http://127.0.0.1:80/p');
});

test('without h2load the phase is unavailable with the install command, never run another way', async () => {
  const r = await runH2load(spec(1), undefined, 'pb-no-such-h2load');
  assert.equal(r.requests, 0);
  assert.match(r.unavailable ?? '', /h2load is not installed .*apt-get install -y nghttp2-client/);
});

test('h2load against an h2c server: requests counted from its log, the protocol it negotiated', { skip: spawnSync('h2load', ['--version']).status === 0 ? false : 'h2load is not installed (apt-get install -y nghttp2-client)' }, async () => {
  let served = 0;
  const server = createServer((_req, res) => { served++; res.end('ok'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const r = await runH2load(spec((server.address() as AddressInfo).port));
    assert.equal(r.unavailable, undefined);
    assert.ok(r.requests > 0);
    assert.ok(served >= r.requests, `server ${served} ≥ logged ${r.requests}`);
    assert.deepEqual(r.http2?.negotiated, { h2c: 2 });
    assert.equal(decodeHistogram(r.latencyUs).totalCount, r.requests);
  } finally {
    server.close();
  }
});
