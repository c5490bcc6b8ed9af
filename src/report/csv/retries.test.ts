// Retried phases in every output: summary.csv's attempt and retried_because, report.md's and report.html's section.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsFor, fixtureRecord, phase } from '../../testing/record-fixture.js';
import { summaryRows } from '../../analyze/rows.js';
import { toTable } from './columns.js';
import { summarySpec } from './summary-spec.js';
import { renderReportHtml } from '../html/render.js';
import { renderReportMarkdown } from '../markdown/render.js';

/** nginx #1's phase reported at attempt 2; attempt 1 was invalid for the generator's lag. */
function retriedRecord(valid = true) {
  const record = fixtureRecord('run-r', cellsFor('nginx', [1000, 1200]));
  const reported = record.cells[0]!.phases[0]!;
  const first = { ...phase({ variant: 'nginx', repetition: 1, valid: false }), attempt: 1 };
  first.validity = { valid: false, reasons: ['generator fell behind its schedule: 1% of requests were noticed due more than 4.00 ms late'], generatorSide: true };
  Object.assign(reported, { attempt: 2, retriedAttempts: [first] });
  if (!valid) reported.validity = { valid: false, reasons: ['generator fell behind its schedule (again)'], generatorSide: true };
  return record;
}

const rows = (record: ReturnType<typeof retriedRecord>) => {
  const [header, ...body] = toTable(summarySpec, summaryRows(record));
  return body.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
};

test('summary.csv says which attempt each row reports and why the earlier ones were run again', () => {
  const [retried, plain] = rows(retriedRecord());
  assert.equal(retried!.attempt, 2);
  assert.match(String(retried!.retried_because), /^attempt 1: generator fell behind its schedule/);
  assert.equal(retried!.valid, 'TRUE');
  assert.notEqual(retried!.p99_us, null, 'the valid attempt is the figures');
  assert.equal(plain!.attempt, 1);
  assert.equal(plain!.retried_because, '');
});

test('report.md and report.html list the retried phase with the attempt reported and the earlier reason', () => {
  const md = renderReportMarkdown(retriedRecord());
  assert.match(md, /## Retried phases/);
  assert.match(md, /- nginx #1 `closed`: attempt 2 is reported \(valid\); run again because .*attempt 1: generator fell behind/);
  const html = renderReportHtml(retriedRecord());
  assert.match(html, /<h2>Retried phases<\/h2>/);
  assert.match(html, /nginx #1<\/strong> <code>closed<\/code>: attempt 2 is reported/);
  assert.match(renderReportMarkdown(retriedRecord(false)), /still invalid after 2 attempts/);
  assert.doesNotMatch(renderReportMarkdown(fixtureRecord('plain', cellsFor('nginx', [1000]))), /Retried phases/);
});
