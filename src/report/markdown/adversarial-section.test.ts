// report.md's optional adversarial tables: absent without data; the same rows as report.html with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attackPhase, cellsFor, fixtureRecord, probeResult } from '../../testing/record-fixture.js';
import { renderReportMarkdown } from './render.js';

test('no probe or attack data: no section', () => {
  const md = renderReportMarkdown(fixtureRecord('r', cellsFor('nginx', [1000])));
  assert.doesNotMatch(md, /Probe verdicts|under attack/);
});

test('probe verdicts as a matrix, attacks as clean vs under attack', () => {
  const record = fixtureRecord('r', [...cellsFor('nginx', [1000]), ...cellsFor('haproxy', [1000])]);
  const [nginx, haproxy] = record.cells;
  nginx!.probes = [probeResult('cl-te', 'REJECT', true)];
  haproxy!.probes = [probeResult('cl-te', 'DESYNC', false)];
  nginx!.phases.push(attackPhase('nginx', 'slowloris', 'closed', 3000));
  const md = renderReportMarkdown(record);
  assert.match(md, /## Probe verdicts\n\n\| probe \| nginx \| haproxy \|\n\|---\|---\|---\|\n\| `cl-te` \| REJECT \| DESYNC ✘ \|/);
  assert.match(md, /\| nginx \| slowloris \| 1\.00 ms \| 3\.00 ms \| \+200% \| 1\.00 ms \| 3\.00 ms \| \+200% \|/);
});
