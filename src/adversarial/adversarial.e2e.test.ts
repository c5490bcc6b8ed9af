// End-to-end: `proxybench run` against real nginx — a slowloris beside benign traffic, then a probe sweep with known verdicts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { freePort, relaxedValidity, startCli, tempDir } from '../testing/cli.js';

test('nginx: probe verdicts with evidence in probes.csv, slowloris clean vs under attack in attacks.csv and report.md', async () => {
  const dir = tempDir('adversarial');
  const file = join(dir, 'adversarial.yaml');
  writeFileSync(file, [
    'name: adversarial-e2e',
    'variants: [nginx]',
    `ports: { proxy: ${await freePort()}, upstream: ${await freePort()} }`,
    relaxedValidity,
    'phases:',
    '  - { name: clean, duration: 1500ms, traffic: { loop: open, rate: 100/s, connections: 8 } }',
    '  - name: slowloris',
    '    duration: 1500ms',
    '    traffic: { loop: open, rate: 100/s, connections: 8 }',
    '    attack: { kind: slowloris, clean: clean, connections: 20, rate: 100/s, interval: 300ms }',
    'probes:',
    '  select: [01-cl-te, 13-cl-on-get, 21e-ctl-x01-in-value, 26a-fragment-in-target, 30-h2-cl]',
    `  oraclePort: ${await freePort()}`,
    '  confirm: 1',
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--out', join(dir, 'out'), '--json']);
  assert.equal(run.exitCode, 0, run.all);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;

  const probes = parse(readFileSync(join(runDir, 'probes.csv')), { columns: true }) as Record<string, string>[];
  const verdicts = Object.fromEntries(probes.map((r) => [r.probe, `${r.verdict} ${r.pass}`]));
  assert.deepEqual(verdicts, {
    '01-cl-te': 'REJECT true', // nginx: 400 and close for Content-Length with Transfer-Encoding
    '13-cl-on-get': 'NORMALIZE true', // the body forwarded with its length
    '21e-ctl-x01-in-value': 'FORWARD-AMBIGUOUS true', // \x01 forwarded as is: acceptable, but not canonical
    '26a-fragment-in-target': 'FORWARD-AMBIGUOUS false', // '#x' forwarded; the oracle refuses it
    '30-h2-cl': 'SKIPPED ', // needs h2c
  });
  assert.match(probes.find((r) => r.probe === '01-cl-te')!.evidence!, /client 400, closed/);
  assert.match(probes.find((r) => r.probe === '13-cl-on-get')!.evidence!, /upstream GET \/p13 length:33/);

  const attacks = parse(readFileSync(join(runDir, 'attacks.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(attacks.length, 1);
  assert.equal(attacks[0]!.attack, 'slowloris');
  assert.equal(attacks[0]!.attack_connections_opened, '20');
  assert.ok(Number(attacks[0]!.clean_p99_us) > 0 && Number(attacks[0]!.attack_p99_us) > 0, JSON.stringify(attacks[0]));
  const report = readFileSync(join(runDir, 'report.md'), 'utf8');
  assert.match(report, /## Probe verdicts/);
  assert.match(report, /\| `26a-fragment-in-target` \| FORWARD-AMBIGUOUS ✘ \|/);
  assert.match(report, /## Benign latency: clean vs under attack\n[\s\S]*\| nginx \| slowloris \|/);
});
