// report.md's optional adversarial tables: absent without data; the same rows as report.html with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellsFor, fixtureRecord } from '../../testing/record-fixture.js';
import { renderReportMarkdown } from './render.js';

test('no probe or attack data: no section', () => {
  const md = renderReportMarkdown(fixtureRecord('r', cellsFor('nginx', [1000])));
  assert.doesNotMatch(md, /Probe verdicts|under attack/);
});

test('probe verdicts as a matrix, attacks as clean vs under attack', () => {
  const record = fixtureRecord('r', cellsFor('nginx', [1000]), {
    extras: {
      probes: [{ variant: 'nginx', probe: 'cl-te', verdict: 'REJECT' }, { variant: 'haproxy', probe: 'cl-te', verdict: 'DESYNC' }],
      attackLatency: [{ variant: 'nginx', attack: 'slowloris', clean: { p99Us: 1000, p999Us: 2000 }, underAttack: { p99Us: 3000, p999Us: 9000 } }],
    },
  });
  const md = renderReportMarkdown(record);
  assert.match(md, /## Probe verdicts\n\n\| probe \| nginx \| haproxy \|\n\|---\|---\|---\|\n\| `cl-te` \| REJECT \| DESYNC \|/);
  assert.match(md, /\| nginx \| slowloris \| 1\.00 ms \| 3\.00 ms \| \+200% \| 2\.00 ms \| 9\.00 ms \| \+350% \|/);
});
