// Invalid phases in the attack outputs: attacks.csv and both clean-vs-attack tables leave their figures blank and say why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLatencyHistogram, encodeHistogram } from '../../measure/histogram.js';
import { cellsFor, fixtureRecord } from '../../testing/record-fixture.js';
import { toTable } from './columns.js';
import { renderReportHtml } from '../html/render.js';
import { renderReportMarkdown } from '../markdown/render.js';
import type { PhaseRecord } from '../../record/run.js';
import { attackRows, attacksSpec } from './attacks-spec.js';

const second = (startMs: number, latencyUs: number) => {
  const h = createLatencyHistogram();
  h.recordValueWithCount(latencyUs, 100);
  return { startMs, endMs: startMs + 1000, latencyUs: encodeHistogram(h) };
};

/** nginx with a clean phase `closed` (1 ms) and an attack phase (7 ms under attack); `cleanValid` / `attackValid` set their validity. */
function attackRecord(cleanValid: boolean, attackValid: boolean) {
  const record = fixtureRecord('run-a', cellsFor('nginx', [1000], { valid: cleanValid }));
  const cell = record.cells[0]!;
  const clean = cell.phases[0]!;
  if (!cleanValid) clean.validity.reasons = ['achieved 900/s of the 1000/s target'];
  const attack: PhaseRecord = {
    ...structuredClone(clean), name: 'slowloris',
    traffic: { ...structuredClone(clean.traffic), intervals: [second(0, 7000), second(1000, 7000), second(2000, 1100)] },
    validity: attackValid ? { valid: true, reasons: [] } : { valid: false, reasons: ['generator fell behind its schedule'] },
    attack: {
      kind: 'slowloris', clean: 'closed', params: { connections: 10, ratePerSec: 10, intervalMs: 1000, depth: 1, durationMs: 2000 },
      window: { startMs: 0, endMs: 2000 }, proxyConnectionsPeak: 10, proxyFdsPeak: 20, error: null,
      attacker: { kind: 'slowloris', durationMs: 2000, connectionsOpened: 10, connectionsFailed: 0, maxOpen: 10, closedByProxy: 0, firstCutMs: null, medianCutMs: null, statuses: {}, requestsSent: 0, bytesSent: 10, bytesReceived: 0 },
    },
  };
  cell.phases.push(attack);
  return record;
}

const csvRow = (record: ReturnType<typeof attackRecord>) => {
  const [header, row] = toTable(attacksSpec, attackRows(record));
  return Object.fromEntries(header!.map((name, i) => [name, row![i]]));
};

test('both phases valid: attacks.csv has both sides’ figures and no reason', () => {
  const row = csvRow(attackRecord(true, true));
  assert.equal(row.clean_p99_us, 1000);
  assert.ok(Math.abs(Number(row.attack_p99_us) - 7000) < 10, String(row.attack_p99_us)); // HDR: 3 significant digits
  assert.equal(row.invalid_reason, '');
});

test('an invalid clean phase: clean_* figures blank in attacks.csv, blank with the reason in report.md and report.html', () => {
  const record = attackRecord(false, true);
  const row = csvRow(record);
  for (const column of ['clean_p50_us', 'clean_p99_us', 'clean_p999_us', 'clean_error_rate_pct', 'clean_proxy_rss_peak_bytes', 'clean_proxy_cpu_cores', 'recovery_ms', 'recovery_bound_us']) {
    assert.equal(row[column], '', `${column} is blank`);
  }
  assert.ok(Math.abs(Number(row.attack_p99_us) - 7000) < 10, String(row.attack_p99_us)); // HDR: 3 significant digits
  assert.equal(row.clean_valid, 'FALSE');
  assert.match(String(row.invalid_reason), /clean phase closed invalid: achieved 900\/s/);
  const md = renderReportMarkdown(record);
  assert.match(md, /\| nginx \| slowloris \| – \| 7\.0\d ms \| – \| – \| 7\.0\d ms \| – \| invalid: clean phase closed invalid: achieved 900\/s/);
  assert.doesNotMatch(md, /\| nginx \| slowloris \| 1\.00 ms/);
  const html = renderReportHtml(record);
  assert.match(html, /invalid: clean phase closed invalid: achieved 900\/s/);
  assert.doesNotMatch(html, /<td[^>]*>1\.00 ms<\/td>/);
});

test('an invalid attack phase: its benign and proxy figures blank, the reason given', () => {
  const record = attackRecord(true, false);
  const row = csvRow(record);
  for (const column of ['attack_p50_us', 'attack_p99_us', 'attack_p999_us', 'attack_error_rate_pct', 'proxy_rss_peak_bytes', 'proxy_cpu_cores', 'upstream_connections_opened', 'recovery_ms']) {
    assert.equal(row[column], '', `${column} is blank`);
  }
  assert.equal(row.clean_p99_us, 1000);
  assert.match(String(row.invalid_reason), /attack phase slowloris invalid: generator fell behind/);
  assert.match(renderReportMarkdown(record), /\| nginx \| slowloris \| 1\.00 ms \| – \| – \| 1\.00 ms \| – \| – \| invalid: attack phase slowloris invalid/);
});
