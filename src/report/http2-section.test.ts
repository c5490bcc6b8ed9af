// report.md's and report.html's HTTP/2 section from an http2.yaml-shaped record: listeners, the three-way table, h2load, memory, invalid phases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { http2Ladders, http2Phases, http2Record } from '../testing/http2-record.js';
import { renderReportMarkdown } from './markdown/render.js';
import { renderHttp2Section } from './markdown/http2-section.js';
import { renderReportHtml } from './html/render.js';

const reason = 'protocol h2c asked, but 8 of 8 connections negotiated not-h2: not an HTTP/2 measurement';
const record = () => http2Record(['nginx'], http2Phases.map((p) => (p.name === 'h2c-1k' ? { ...p, invalid: [reason] } : p)), http2Ladders);

test('report.md: listeners with SETTINGS, h2 beside TLS HTTP/1.1 with Δp99, h2load, bytes per idle h2 connection, the invalid h2c phase', () => {
  const md = renderHttp2Section(record());
  assert.match(md, /^## HTTP\/2/);
  assert.match(md, /\| nginx \| h2 \(port 18443\) \| h2 \| 128 \| 65535 \| 2147483647 \| 16777215 \| – \| 4096 \|/);
  assert.match(md, /- nginx: nginx: max streams 128, windows 65535/);
  assert.match(md, /\| nginx \| 1000\/s \| tls-h1-1k \| HTTP\/1\.1 over TLS \| 64 \| 1000 \| 400 µs \| 400 µs \| 1\.50 ms \| baseline \| 0\.2000 \| baseline \|/);
  assert.match(md, /\| nginx \| 1000\/s \| h2-1k \| h2 \(TLS, ALPN\) \| 8 × 10 \| 999 \| 520 µs \| 520 µs \| 1\.90 ms \| \+120 µs \| 0\.1502 \| −0\.0498 \|/);
  assert.match(md, /### Closed loop \(h2load\)[\s\S]*\| nginx \| h2-max \| h2 \(TLS, ALPN\) \| 8 × 10 \| 21000 \| 1\.80 ms \| 1\.80 ms \| 2\.00 ms \| 0\.99 \| 0\.0470 \|\n/);
  assert.doesNotMatch(md, /vs TLS h1\.1 \(Δ rps/, 'no baseline column when no closed loop has one');
  assert.match(md, /\| nginx \| idle \| idle-h2 \| h2 \(TLS, ALPN\) \| 58\.6 KiB \| 0\.998 \| 39\.1 KiB \(idle-tls\) \| \+19\.5 KiB \|/);
  assert.match(md, /- nginx #1 h2c-1k: protocol h2c asked, but 8 of 8 connections negotiated not-h2/);
  assert.doesNotMatch(md, /\| h2c-1k \|/, 'an invalid phase is never in a table');
});

test('both reports place the section after TLS; report.html names it in the navigation', () => {
  const md = renderReportMarkdown(record());
  assert.ok(md.indexOf('## TLS') < md.indexOf('## HTTP/2'), 'HTTP/2 after TLS');
  const html = renderReportHtml(record());
  assert.match(html, /<a href="#http2">HTTP\/2<\/a>/);
  assert.match(html, /<h2 id="http2">HTTP\/2<\/h2>[\s\S]*<td>h2-1k<\/td><td>h2 \(TLS, ALPN\)<\/td>[\s\S]*\+120 µs/);
  assert.match(html, /<h3>Memory per idle HTTP\/2 connection<\/h3>[\s\S]*58\.6 KiB/);
  assert.match(html, /<li>nginx #1 h2c-1k: <span class="invalid">protocol h2c asked/);
});

test('a run without HTTP/2 phases has no HTTP/2 section in either report', () => {
  const plain = http2Record(['nginx'], http2Phases.filter((p) => !p.protocol), http2Ladders.filter((l) => !l.protocol));
  assert.doesNotMatch(renderReportMarkdown(plain), /## HTTP\/2/);
  assert.doesNotMatch(renderReportHtml(plain), /id="http2"/);
});
