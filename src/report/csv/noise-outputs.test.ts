// Noisy-machine outputs: retried phases (summary.csv's attempt and retried_because, report.md's and report.html's section) and the machine check.
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

test('the machine check is in report.md and report.html, its warnings first', () => {
  const record = fixtureRecord('run-m', cellsFor('nginx', [1000]));
  record.machineCheck = {
    spinMs: 300, thresholdUs: 50, idleMs: 200, limits: { limitUs: 1000, lateShareLimit: 0.01, othersShareLimit: 0.1 },
    cpus: [{ cpu: 0, gaps: 60, maxGapUs: 4000, stalledShare: 0.5, lateShare: 0.4, othersBusyShare: 0.98, busiest: [{ pid: 7, comm: 'sh', share: 0.97 }] }],
    warnings: ['generator CPU 0: other processes kept it 98.0% busy before the run: sh (pid 7, 97.0%)'],
  };
  const md = renderReportMarkdown(record);
  assert.match(md, /## ⚠️ Machine check\n\n.*\n\n- ⚠️ generator CPU 0: other processes kept it 98\.0% busy[^\n]*\n- noise check, generator CPU 0: 60 gaps > 50 µs in 300 ms \(longest 4\.00 ms/);
  assert.match(renderReportHtml(record), /<h2>⚠ Machine check<\/h2>[\s\S]*<li class="invalid">⚠ generator CPU 0: other processes kept it 98\.0% busy/);
  record.machineCheck.warnings = [];
  assert.match(renderReportMarkdown(record), /## Machine check\n/);
  delete record.machineCheck;
  assert.doesNotMatch(renderReportMarkdown(record), /Machine check/);
});
