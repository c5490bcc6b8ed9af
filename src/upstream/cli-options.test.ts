// Tests of the upstream program's flag parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../shared/errors.js';
import { parseUpstreamArgs } from './cli-options.js';

test('all flags', () => {
  assert.deepEqual(
    parseUpstreamArgs(['--host', '127.0.0.2', '--port', '18090', '--body-bytes', '16KiB', '--latency', '{"distribution":"fixed","us":2000}']),
    { host: '127.0.0.2', port: 18090, bodyBytes: 16384, latency: { distribution: 'fixed', us: 2000 } },
  );
});

test('defaults: loopback, port 0, empty body, no latency', () => {
  assert.deepEqual(parseUpstreamArgs([]), { host: '127.0.0.1', port: 0, bodyBytes: 0, latency: { distribution: 'none' } });
});

test('every problem is reported at once', () => {
  assert.throws(
    () => parseUpstreamArgs(['--host', '10.0.0.1', '--port', '70000', '--body-bytes', 'lots', '--latency', '{"distribution":"fixed"}']),
    (error: unknown) =>
      error instanceof UsageError && /--host/.test(error.message) && /--port/.test(error.message) &&
      /--body-bytes/.test(error.message) && /--latency/.test(error.message),
  );
});

test('unknown flags are usage errors', () => {
  assert.throws(() => parseUpstreamArgs(['--colour']), UsageError);
});
