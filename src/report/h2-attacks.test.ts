// h2-attacks.csv, report.md and report.html from an HTTP/2 attack record: the row, the finding, the forwarded share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';
import { h2Counts, h2Record } from '../testing/h2-attack-record.js';
import { toTable } from './csv/columns.js';
import { renderReportMarkdown } from './markdown/render.js';
import { renderReportHtml } from './html/render.js';
import { h2AttackRows, h2AttacksSpec } from './csv/h2-attacks-spec.js';

test('h2-attacks.csv and both reports carry the row; HTTP/1 attacks have none', () => {
  const record = h2Record('h2-rapid-reset', h2Counts({}), 960, 5000);
  const [header, row] = toTable(h2AttacksSpec, h2AttackRows(record));
  const r = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
  assert.equal(r.attack, 'h2-rapid-reset');
  assert.equal(r.upstream_attack_requests, 960);
  assert.equal(r.forwarded_reset_pct, 96);
  assert.equal(r.bad, 'TRUE');
  assert.equal(r.benign_protocol, 'http1');
  assert.equal(r.missing_figures, '');
  assert.match(renderReportMarkdown(record), /## HTTP\/2 attacks[\s\S]*\| nginx \| h2-rapid-reset \(tls\) \| http1 ×\d+ \| ✘ forwards reset streams to the origin/);
  assert.match(renderReportHtml(record), /<h2 id="h2-attacks">HTTP\/2 attacks<\/h2>[\s\S]*960 of 1000 \(96%\)/);
  const h1 = fixtureRecord('run-h1', cellsFor('nginx', [1000]));
  assert.equal(h2AttackRows(h1).length, 0);
});

test('a missing figure says why in its cell and in missing_figures; benign h2 is named with connections × streams', () => {
  const record = h2Record('h2-rapid-reset', h2Counts({}), null, 5000);
  const attack = record.cells[0]!.phases.at(-1)!;
  attack.connections = 8;
  attack.traffic.http2 = { protocol: 'h2', streamsPerConnection: 10, negotiated: { h2: 8 }, serverMaxStreams: 128, streamSlotWaits: 0, resets: {}, goaways: {} };
  const [header, row] = toTable(h2AttacksSpec, h2AttackRows(record));
  const r = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
  assert.equal(r.benign_protocol, 'h2');
  assert.match(String(r.verdict), /benign h2 p99 ×5\.0 under attack \(1\.00 ms → 5\.00 ms\)/);
  assert.equal(r.upstream_attack_requests, '');
  assert.equal(r.missing_figures, 'upstream_attack_requests: the upstream’s attack-request count could not be read');
  assert.match(renderReportMarkdown(record), /\| nginx \| h2-rapid-reset \(tls\) \| h2 8×10 \|[^\n]*\| – \(the upstream’s attack-request count could not be read\) \|/);
});
