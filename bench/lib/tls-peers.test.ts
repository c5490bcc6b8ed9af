// Tests for reading the TLS peers' summaries (h2load, openssl s_time) as Debian's versions print them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseH2load, parseSTime } from './tls-peers.js';

test('h2load: succeeded and failed requests (errored and timed out count as failed) and its own duration', () => {
  const out = [
    'finished in 3.01s, 996.12 req/s, 1.02MB/s',
    'requests: 3000 total, 3000 started, 2998 done, 2990 succeeded, 8 failed, 2 errored, 1 timeout',
  ].join('\n');
  assert.deepEqual(parseH2load(out), { succeeded: 2990, failed: 11, finishedSec: 3.01 });
  assert.equal(parseH2load(out.replace('3.01s', '812.5ms')).finishedSec, 0.8125);
  assert.throws(() => parseH2load('no summary'), /could not read h2load/);
});

test('s_time: the last "connections in … real seconds" line (-reuse prints the first full handshake before it)', () => {
  const out = [
    'Collecting connection statistics for 4 seconds', 'tttt', '',
    '812 connections in 1.23s; 660.16 connections/user sec, bytes read 0',
    '812 connections in 5 real seconds, 0 bytes read per connection',
    '', 'Now timing with session id reuse.', 'rrrr',
    '3021 connections in 0.61s; 4952.46 connections/user sec, bytes read 0',
    '3021 connections in 5 real seconds, 0 bytes read per connection',
  ].join('\n');
  assert.deepEqual(parseSTime(out), { connections: 3021 });
  assert.throws(() => parseSTime(''), /could not read openssl s_time/);
});
