// Tests for the request bytes builder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../shared/errors.js';
import { buildRequestBytes } from './request.js';

const target = { host: '127.0.0.1', port: 8080 };

test('GET has no body and no Content-Length', () => {
  const bytes = buildRequestBytes(target, { method: 'GET', path: '/a?b=1', headers: { 'X-Run': '7' } });
  assert.equal(bytes.toString('latin1'), 'GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Run: 7\r\n\r\n');
});

test('POST carries bodyBytes of x with its length', () => {
  const bytes = buildRequestBytes(target, { method: 'POST', path: '/p', bodyBytes: 3 });
  assert.equal(bytes.toString('latin1'), 'POST /p HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 3\r\n\r\nxxx');
});

test('header injection and bad paths are config errors listing every problem', () => {
  assert.throws(
    () => buildRequestBytes(target, { method: 'GET', path: 'x y', headers: { 'X-A': 'a\r\nEvil: 1', Host: 'h', 'Bad Name': 'v' }, bodyBytes: 2 }),
    (e: unknown) => e instanceof ConfigError && e.problems.length === 5,
  );
});
