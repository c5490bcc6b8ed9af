// report.html from literal records: self-contained, one curve per valid variant, invalid and failed cells marked, optional sections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attackPhase, cellsFor, fixtureRecord, probeResult } from '../../testing/record-fixture.js';
import { ladder, step } from '../../testing/ladder-records.js';
import { renderReportHtml } from './render.js';

const seriesPaths = (html: string, variant: string) => [...html.matchAll(new RegExp(`<path class="series" data-series="${variant}" d="([^"]*)"`, 'g'))].map((m) => m[1]!);

function record() {
  const r = fixtureRecord('run-1', [
    ...cellsFor('direct', [400, 420, 410]),
    ...cellsFor('nginx', [900, 950, 1000]),
    ...cellsFor('haproxy', [5000, 5000, 5000], { valid: false }),
    { variant: 'caddy', repetition: 1, status: 'crashed' },
  ]);
  for (const cell of r.cells.filter((c) => c.variant === 'nginx')) {
    cell.timeseries.proxy = Array.from({ length: 20 }, (_, i) => ({ tMs: i * 100, cpuSeconds: i * 0.05, rssBytes: 10e6 + i * 1e5, processes: 2, threads: 2 }));
  }
  return r;
}

test('report.html is self-contained: no script, no external resource, no network URL', () => {
  const html = renderReportHtml(record());
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script|<link|<img|@import|url\(http/i);
  const urls = [...html.matchAll(/https?:\/\/[^\s"'<]+/g)].map((m) => m[0]);
  assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg'], 'only the SVG namespace name');
});

test('one percentile curve and tail bars per variant with valid phases; invalid and crashed variants are marked, not drawn', () => {
  const html = renderReportHtml(record());
  for (const variant of ['direct', 'nginx']) {
    const [d] = seriesPaths(html, variant);
    assert.ok(d && d.startsWith('M') && d.includes('L'), `${variant} has a curve`);
    assert.match(html, new RegExp(`<rect class="bar" data-series="${variant}"`));
  }
  assert.deepEqual(seriesPaths(html, 'haproxy'), [], 'an invalid phase is never drawn');
  assert.deepEqual(seriesPaths(html, 'caddy'), []);
  assert.match(html, /haproxy<tspan class="legend-note"> — invalid/);
  assert.match(html, /Failures and invalid phases/);
  assert.match(html, /caddy #1 crashed<\/strong>: proxy exited with code 1/);
  assert.match(html, /haproxy #1<\/strong> <code>closed<\/code> invalid: generator fell behind/);
  assert.match(html, /class="axis-label"[^>]*>percentile/);
  assert.match(html, /class="axis-label"[^>]*>latency \(log scale\)/);
});

test('CPU and RSS over time are drawn from the cells’ series; provenance is shown', () => {
  const html = renderReportHtml(record());
  assert.equal(seriesPaths(html, 'nginx').length, 3, 'percentile curve, CPU and RSS');
  assert.match(html, /Proxy RSS/);
  assert.match(html, /sha256 f{64}/);
  assert.match(html, /git abcdef123456/);
  assert.match(html, /generator 0 · proxy 1 · upstream 1/);
});

test('optional sections render nothing without data, and render from data when present', () => {
  const plain = renderReportHtml(record());
  assert.doesNotMatch(plain, /Probe verdicts|Memory per connection|under attack/);
  const r = record();
  const nginx = r.cells.find((c) => c.variant === 'nginx')!;
  nginx.probes = [probeResult('cl-te', 'REJECT', true)];
  r.cells.find((c) => c.variant === 'direct')!.probes = [probeResult('cl-te', 'DESYNC', false)];
  nginx.phases.push(attackPhase('nginx', 'slowloris', nginx.phases[0]!.name, 3000));
  nginx.ladders = [
    ladder('idle', [step(0, 10e6), step(1000, 12e6), step(2000, 14e6)], { fit: { bytesPerConn: 2000, baseBytes: 10e6, r2: 1, points: 3 } }),
  ];
  const html = renderReportHtml(r);
  assert.match(html, /<span class="verdict verdict-fail" title="fails its tier">✘&nbsp;DESYNC<\/span>/);
  assert.match(html, /slowloris/);
  assert.match(html, /Memory per connection/);
  assert.equal(seriesPaths(html, 'nginx fit').length, 1);
  assert.match(html, /2\.0 KiB\/conn/);
  assert.match(html, /<td class="num">2,000 B<\/td><td class="num">1\.000<\/td>/, 'same figures as report.md');
});

test('names from the record are escaped', () => {
  const r = record();
  r.scenario.description = '<b>bold</b> & "quoted"';
  assert.match(renderReportHtml(r), /&lt;b&gt;bold&lt;\/b&gt; &amp; &quot;quoted&quot;/);
});

test('the status badge is green only when every measured phase has a valid result', () => {
  const html = renderReportHtml(record());
  assert.match(html, /<span class="status status-other">complete — 2 of 3 measured phases have no valid result<\/span>/);
  const clean = renderReportHtml(fixtureRecord('run-2', cellsFor('nginx', [900])));
  assert.match(clean, /<span class="status status-complete">complete<\/span>/);
  const referenceInvalid = renderReportHtml(fixtureRecord('run-3', [...cellsFor('direct', [400], { valid: false }), ...cellsFor('nginx', [900])]));
  assert.match(referenceInvalid, /<span class="status status-complete">complete<\/span>/, 'the direct reference row is context, not a measured proxy');
});
